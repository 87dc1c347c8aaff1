/*
 * phone_call.c — the softphone's one call: the switch's INVITE rings
 * (180) until Answer (or at once with AutoAnswer), re-INVITEs (hold and
 * retrieve) get our media's answer, and the call ends on the switch's
 * BYE or CANCEL. ReleaseCall goes to the CTI, whose switch sends the BYE:
 * the phone never hangs up by itself.
 */
#include <errno.h>
#include <string.h>

#include "phone_int.h"

struct phone_call {
	struct phone_ua *ua;
	struct sipsess *sess;
	struct phone_media *media;
	struct mbuf *answer;        /* our SDP, sent with the 200 */
	bool answered;
};

static void destructor(void *arg)
{
	struct phone_call *call = arg;

	if (call->ua->call == call)
		call->ua->call = NULL;
	mem_deref(call->sess);
	mem_deref(call->media);
	mem_deref(call->answer);
}

/* A re-INVITE: hold (sendonly / inactive) or retrieve (sendrecv). */
static int offer_h(struct mbuf **descp, const struct sip_msg *msg, void *arg)
{
	struct phone_call *call = arg;
	int err = phone_media_offer(call->media, msg, descp);

	if (err)
		abi_log(call->ua->bar, ABI_WARN, "softphone: re-INVITE "
			"refused: %s", strerror(err));
	return err;
}

/* We never offer, so there is no answer to take. */
static int answer_h(const struct sip_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return 0;
}

static void estab_h(const struct sip_msg *msg, void *arg)
{
	struct phone_call *call = arg;
	(void)msg;

	abi_log(call->ua->bar, ABI_TRACE, "softphone: call established");
}

static void close_h(int err, const struct sip_msg *msg, void *arg)
{
	struct phone_call *call = arg;

	(void)msg;
	/* libre reports the far end's BYE as ECONNRESET */
	if (err && err != ECONNRESET)
		abi_log(call->ua->bar, ABI_WARN, "softphone: call ended: %s",
			strerror(err));
	else
		abi_log(call->ua->bar, ABI_TRACE, "softphone: the switch "
			"ended the call");
	mem_deref(call);
}

void phone_call_incoming(struct phone_ua *ua, const struct sip_msg *msg)
{
	struct phone_call *call;
	int err;

	if (ua->call) {
		(void)sip_treply(NULL, ua->sip, msg, 486, "Busy Here");
		return;
	}
	call = mem_zalloc(sizeof(*call), destructor);
	if (!call) {
		(void)sip_treply(NULL, ua->sip, msg, 500, "Out Of Memory");
		return;
	}
	call->ua = ua;
	err = phone_media_alloc(&call->media, ua->bar, &ua->laddr);
	/* the offer is checked now; its answer goes with the 200 */
	err = err ? err : phone_media_offer(call->media, msg, &call->answer);
	if (err) {
		abi_log(ua->bar, ABI_WARN, "softphone: INVITE refused: %s",
			strerror(err));
		(void)sip_treply(NULL, ua->sip, msg, err == ENOMEM ? 500 : 488,
				 err == ENOMEM ? "Out Of Memory"
					       : "Not Acceptable Here");
		mem_deref(call);
		return;
	}
	err = sipsess_accept(&call->sess, ua->sock, msg, 180, "Ringing",
			     phone_ua_user(ua),
			     "application/sdp", NULL, NULL, NULL, false,
			     offer_h, answer_h, estab_h, NULL, NULL, close_h,
			     call, "");
	if (err) {
		abi_log(ua->bar, ABI_WARN, "softphone: INVITE not taken: %s",
			strerror(err));
		(void)sip_treply(NULL, ua->sip, msg, 500, "Server Error");
		mem_deref(call);
		return;
	}
	ua->call = call;
	abi_log(ua->bar, ABI_TRACE, "softphone: ringing");
	if (ua->auto_answer && (err = phone_call_answer(ua)))
		abi_log(ua->bar, ABI_ERROR, "softphone: auto-answer failed: "
			"%s", strerror(err));
}

int phone_call_answer(struct phone_ua *ua)
{
	struct phone_call *call = ua->call;
	struct phone_audio *audio = NULL;
	int err;

	if (!call || call->answered)
		return ENOENT;
	err = phone_audio_open(&audio, ua->conf);
	err = err ? err : sipsess_answer(call->sess, 200, "OK", call->answer,
					 "");
	if (!err) {
		call->answered = true;
		phone_media_start(call->media, audio);
		abi_log(ua->bar, ABI_TRACE, "softphone: answered");
	}
	mem_deref(audio);
	return err;
}
