/*
 * record.c — call recording for skills flagged to record: the switch
 * records the call's bridge into a WAV file with a unique name under the
 * recordings directory; the agent's bar gets OnBeginRecord / OnEndRecord
 * with that name, and GetRecordFileName returns it meanwhile.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "core/core_internal.h"
#include "log.h"

/* Call ids come from the switch (a SIP Call-ID may hold '@', '/' ...):
 * keep only what is safe in a file name. */
static void safe_name(char *dst, size_t size, const char *src)
{
	size_t i = 0;

	for (; *src && i + 1 < size; src++)
		dst[i++] = (strchr("/\\\\:*?\"<>| ", *src) || *src < 32) ?
			'_' : *src;
	dst[i] = '\0';
}

static void record_start(struct call *call)
{
	struct core *core = call->core;
	struct rskill *sk;
	struct agent *a = call->x.agent;
	char id[CORE_CALLID_SIZE];

	if (skill_get(core, call->skill, &sk) || !sk->cfg.record || !a || call->record_file[0])
		return;
	if (mkdir(core->recordings_dir, 0750) && errno != EEXIST) {
		log_error("recordings: cannot create %s: %m",
			  core->recordings_dir);
		return;
	}
	safe_name(id, sizeof(id), call->id);
	re_snprintf(call->record_file, sizeof(call->record_file),
		    "%s/%s-%s-%lld.wav", core->recordings_dir, id, a->id,
		    (long long)now_us());
	if (sw_record(core->sw, call->id, call->record_file)) {
		log_error("call %s: recording to %s failed", call->id,
			  call->record_file);
		call->record_file[0] = '\0';
		return;
	}
	agent_emit_call_other(a, call, CORE_EV_BEGIN_RECORD,
			      call->record_file, MerMediaUnknown);
}

static void record_stop(struct call *call)
{
	if (!call->record_file[0])
		return;
	sw_record(call->core->sw, call->id, NULL);
	if (call->x.agent)
		agent_emit_call_other(call->x.agent, call, CORE_EV_END_RECORD,
				      call->record_file, MerMediaEnd);
	call->record_file[0] = '\0';
}

const char *agent_record_file(const struct agent *a)
{
	return a->call ? a->call->record_file : "";
}

const struct call_feature record_feature = {
	.name = "record",
	.talk = record_start,
	.x_leave = record_stop,
	.free = record_stop,
};
