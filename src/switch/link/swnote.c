/*
 * swnote.c — a leg's note (switch.h struct sw_note) on the wire: the
 * "note" object of an "attach" command and of a leg report's "leg" frame
 * (docs/switch-protocol.md). The node keeps the object as it came; both
 * ends read it with swmsg_note(), so what one writes the other accepts.
 * Call data and the queue time travel beside it ("data", "queued_at"), as
 * before notes existed.
 */
#include <string.h>
#include "switch/link/swmsg.h"

json_t *swmsg_note_json(const struct sw_note *n)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, "
			 "s:b}",
			 "call", n->call ? n->call : "",
			 "contact", (json_int_t)n->contact_id,
			 "dir", n->dir ? n->dir : "",
			 "party", n->party ? n->party : "",
			 "agent", n->agent ? n->agent : "",
			 "skill", n->skill ? n->skill : "",
			 "ani", n->ani ? n->ani : "",
			 "dnis", n->dnis ? n->dnis : "",
			 "start", (json_int_t)n->start_us,
			 "answered", (json_int_t)n->answered_us,
			 "held", n->held);
}

/* A string member of the note: absent is "", anything else is checked. */
static bool note_str(const json_t *o, const char *key, const char **out)
{
	bool bad = false;
	const char *s = swmsg_str(o, key, SWMSG_STR_MAX, &bad);

	*out = s ? s : "";
	return !bad;
}

static bool note_time(const json_t *o, const char *key, int64_t *out)
{
	uint64_t v = 0;

	if (json_object_get(o, key) &&
	    !swmsg_uint(o, key, SWMSG_LEG_MAX, &v))
		return false;
	*out = (int64_t)v;
	return true;
}

static void note_empty(struct sw_note *n)
{
	memset(n, 0, sizeof(*n));
	n->call = n->dir = n->party = n->agent = n->skill = n->ani =
		n->dnis = "";
}

/* On false *n is an empty note (every string "", every time 0). */
bool swmsg_note(const json_t *o, struct sw_note *n)
{
	const json_t *held = json_object_get(o, "held");
	bool ok;

	note_empty(n);
	ok = json_is_object(o) && json_object_size(o) <= 16 &&
	     (!held || json_is_boolean(held)) &&
	     note_str(o, "call", &n->call) &&
	     note_time(o, "contact", &n->contact_id) &&
	     note_str(o, "dir", &n->dir) &&
	     note_str(o, "party", &n->party) &&
	     note_str(o, "agent", &n->agent) &&
	     note_str(o, "skill", &n->skill) &&
	     note_str(o, "ani", &n->ani) &&
	     note_str(o, "dnis", &n->dnis) &&
	     note_time(o, "start", &n->start_us) &&
	     note_time(o, "answered", &n->answered_us);
	if (!ok) {
		note_empty(n);
		return false;
	}
	n->held = json_is_true(held);
	return true;
}
