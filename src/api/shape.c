/*
 * shape.c — JSON shapes of events and query results (see shape.h).
 */
#include "api/shape.h"

static const char *str(const char *s)
{
	return s ? s : "";
}

json_t *shape_state_event(const struct core_state_event *ev)
{
	return json_pack("{s:s, s:i, s:i, s:s, s:I, s:I, s:s, s:i, s:s, s:s,"
			 " s:s, s:i, s:I}",
			 "agentId", str(ev->agent_id),
			 "agentStatus", ev->status,
			 "eventID", ev->eventID,
			 "callID", str(ev->callID),
			 "contactID", (json_int_t)ev->contactID,
			 "partyNum", (json_int_t)ev->partyNum,
			 "otherParty", str(ev->otherParty),
			 "otherPartyAttribute", ev->otherPartyAttribute,
			 "originatingParty", str(ev->originatingParty),
			 "originalANI", str(ev->originalANI),
			 "originalDNIS", str(ev->originalDNIS),
			 "reason", ev->reason,
			 "timestamp", (json_int_t)ev->timestamp);
}

const char *shape_other_method(enum core_other_event type)
{
	switch (type) {
	case CORE_EV_BEGIN_RECORD:      return "OnBeginRecord";
	case CORE_EV_END_RECORD:        return "OnEndRecord";
	case CORE_EV_IN_PRIVATE_QUEUE:  return "OnInprivatequeue";
	case CORE_EV_OUT_PRIVATE_QUEUE: return "OnOutprivatequeue";
	}
	return NULL;
}

json_t *shape_other_event(const struct core_other *ev)
{
	switch (ev->type) {
	case CORE_EV_BEGIN_RECORD:
	case CORE_EV_END_RECORD:
		return json_pack("{s:s, s:I, s:s, s:i, s:I}",
				 "callID", str(ev->callID),
				 "contactID", (json_int_t)ev->contactID,
				 "filename", str(ev->filename),
				 "reason", ev->reason,
				 "timestamp", (json_int_t)ev->timestamp);
	case CORE_EV_IN_PRIVATE_QUEUE:
	case CORE_EV_OUT_PRIVATE_QUEUE:
		return json_pack("{s:s, s:I, s:s, s:s, s:i, s:I}",
				 "callID", str(ev->callID),
				 "contactID", (json_int_t)ev->contactID,
				 "originalANI", str(ev->originalANI),
				 "originalDNIS", str(ev->originalDNIS),
				 "reason", ev->reason,
				 "timestamp", (json_int_t)ev->timestamp);
	}
	return NULL;
}

json_t *shape_agent_info(const struct agent_info *ai)
{
	return json_pack("{s:s, s:s, s:I, s:i, s:I, s:I, s:I, s:s, s:s, s:i,"
			 " s:i, s:i, s:i, s:i, s:i, s:i, s:i}",
			 "agentId", ai->agentId,
			 "agentDn", ai->agentDn,
			 "loginTime", (json_int_t)ai->loginTime,
			 "currStatus", (int)ai->currStatus,
			 "currStatusTime", (json_int_t)ai->currStatusTime,
			 "answerTime", (json_int_t)ai->answerTime,
			 "currTime", (json_int_t)ai->currTime,
			 "origCaller", ai->origCaller,
			 "origCallee", ai->origCallee,
			 "privQueueNum", (int)ai->privQueueNum,
			 "callTimes", (int)ai->callTimes,
			 "answerTimes", (int)ai->answerTimes,
			 "freeTotalTime", (int)ai->freeTotalTime,
			 "busyTotalTime", (int)ai->busyTotalTime,
			 "resetTotalTime", (int)ai->resetTotalTime,
			 "callTotalTime", (int)ai->callTotalTime,
			 "answerTotalTime", (int)ai->answerTotalTime);
}

json_t *shape_queue_info(const struct queue_info *qi)
{
	return json_pack("{s:s, s:I, s:I, s:s, s:s, s:I, s:I, s:I}",
			 "callId", qi->callId,
			 "contactId", (json_int_t)qi->contactId,
			 "requestId", (json_int_t)qi->requestId,
			 "origCaller", qi->origCaller,
			 "origCallee", qi->origCallee,
			 "startTime", (json_int_t)qi->startTime,
			 "currTime", (json_int_t)qi->currTime,
			 "changeTime", (json_int_t)qi->changeTime);
}

json_t *shape_sys_info(const struct sys_info *si)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}",
			 "totalAgents", (int)si->totalAgents,
			 "totalCalls", (int)si->totalCalls,
			 "ivrCalls", (int)si->ivrCalls,
			 "agentCalls", (int)si->agentCalls,
			 "queueCalls", (int)si->queueCalls,
			 "privQueueCalls", (int)si->privQueueCalls);
}

char *shape_text(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

json_t *result_msg(int code, const char *message)
{
	if (!code)
		return json_pack("{s:i}", "code", 0);
	return json_pack("{s:i, s:s}", "code", code, "message",
			 message ? message : ab_PromptText(code));
}

json_t *result_code(int code)
{
	return result_msg(code, NULL);
}

json_t *result_data(int code, const char *data)
{
	json_t *r = result_code(code);

	if (r && json_object_set_new(r, "data", json_string(data ? data : "")))
		r = (json_decref(r), NULL);
	return r;
}

const char *shape_printable(char *out, size_t size, const char *in)
{
	size_t n = 0;

	if (!size)
		return "";
	for (; in && *in && n + 1 < size; in++)
		out[n++] = (unsigned char)*in < 0x20 || *in == 0x7f ? '?' : *in;
	out[n] = '\0';
	return out;
}
