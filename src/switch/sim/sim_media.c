/*
 * sim_media.c — the sim switch's media model: named bridges holding legs
 * with SW_HEAR / SW_SPEAK flags, tones that replace what a leg hears, who
 * hears whom (Sim.Parties), and bridge recordings written as WAV files of
 * silence as long as the recording ran.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "log.h"
#include "switch/sim/sim_int.h"
#include "switch/sim/wav.h"

struct sim_bridge {
	struct le he;            /* sim->bridgeh */
	char name[SIM_NAME_MAX + 1];
	struct list legs;        /* members, in the order they joined */
	struct wav *wav;         /* the recording, NULL when not recording */
	uint64_t rec_start;      /* tmr_jiffies() when the recording began */
};

static void bridge_destructor(void *arg)
{
	struct sim_bridge *b = arg;

	hash_unlink(&b->he);
	mem_deref(b->wav);
}

static bool bridge_name_cmp(struct le *le, void *arg)
{
	const struct sim_bridge *b = le->data;

	return !strcmp(b->name, arg);
}

static struct sim_bridge *bridge_find(const struct sim *sim, const char *name)
{
	return list_ledata(hash_lookup(sim->bridgeh, hash_joaat_str(name),
				       bridge_name_cmp, (void *)name));
}

static int rec_stop(struct sim_bridge *b)
{
	uint64_t ms = tmr_jiffies() - b->rec_start;
	int err = wav_write_silence(b->wav, ms * (WAV_RATE / 1000));
	int cerr = wav_close(b->wav);

	b->wav = mem_deref(b->wav);
	return err ? err : cerr;
}

void sim_media_leave(struct sim_leg *leg)
{
	struct sim_bridge *b = leg->bridge;
	int err;

	if (!b)
		return;
	list_unlink(&leg->ble);
	leg->bridge = NULL;
	leg->flags = 0;
	if (!list_isempty(&b->legs))
		return;
	/* Nobody left to record: the file is complete. */
	if (b->wav) {
		err = rec_stop(b);
		if (err)
			log_warn("sim: recording of bridge %s: %s", b->name,
				 strerror(err));
	}
	mem_deref(b);
}

int sim_media_join(struct sim *sim, const char *name, struct sim_leg *leg,
		   unsigned flags)
{
	struct sim_bridge *b = bridge_find(sim, name);

	if (b && leg->bridge == b) {
		leg->flags = flags;
		return 0;
	}
	if (!b) {
		b = mem_zalloc(sizeof(*b), bridge_destructor);
		if (!b)
			return ENOMEM;
		str_ncpy(b->name, name, sizeof(b->name));
		hash_append(sim->bridgeh, hash_joaat_str(name), &b->he, b);
	}
	sim_media_leave(leg);
	list_append(&b->legs, &leg->ble, leg);
	leg->bridge = b;
	leg->flags = flags;
	return 0;
}

int sim_media_record(struct sim *sim, const char *name, const char *path)
{
	struct sim_bridge *b;
	int err;

	if (!sim_text_valid(name, SIM_NAME_MAX) || (path && !*path))
		return EINVAL;
	b = bridge_find(sim, name);
	if (!b)
		return ENOENT;
	if (!path)
		return b->wav ? rec_stop(b) : EPROTO;
	if (b->wav)
		return EALREADY;
	err = wav_create(&b->wav, path);
	if (err)
		return err;
	b->rec_start = tmr_jiffies();
	return 0;
}

static void hears_add(struct sim_party_info *pi, const char *name)
{
	if (pi->nhears == sizeof(pi->hears) / sizeof(pi->hears[0]))
		return;
	str_ncpy(pi->hears[pi->nhears++], name, sizeof(pi->hears[0]));
}

static void party_fill(struct sim_party_info *pi, const struct sim_bridge *b,
		       const struct sim_leg *leg)
{
	struct le *le;

	memset(pi, 0, sizeof(*pi));
	pi->leg = leg->id;
	str_ncpy(pi->name, leg->name, sizeof(pi->name));
	pi->flags = leg->flags;
	pi->tone = leg->tone;
	str_ncpy(pi->dtmf_received, leg->dtmf, sizeof(pi->dtmf_received));

	switch (leg->tone) {
	case SW_TONE_MOH:
		hears_add(pi, "music");
		return;
	case SW_TONE_RINGBACK:
		hears_add(pi, "ringback");
		return;
	case SW_TONE_PROMPT:
		hears_add(pi, "prompt");
		return;
	case SW_TONE_NONE:
		break;
	}
	if (!(leg->flags & SW_HEAR))
		return;
	LIST_FOREACH(&b->legs, le) {
		const struct sim_leg *other = le->data;

		if (other != leg && (other->flags & SW_SPEAK))
			hears_add(pi, other->name);
	}
}

int sim_parties(struct sw *sw, const char *bridge,
		struct sim_party_info *out, size_t max)
{
	struct sim *sim = sim_of(sw);
	const struct sim_bridge *b;
	struct le *le;
	size_t n = 0;

	if (!sim || !sim_text_valid(bridge, SIM_NAME_MAX) || (!out && max))
		return -EINVAL;
	b = bridge_find(sim, bridge);
	if (!b)
		return -ENOENT;
	LIST_FOREACH(&b->legs, le) {
		if (n == max || n == INT_MAX)
			break;
		party_fill(&out[n++], b, le->data);
	}
	return (int)n;
}
