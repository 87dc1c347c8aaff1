/*
 * phone_int.h — what the files of the integrated softphone share. The
 * phone runs on its own thread with its own libre loop (phone.c); every
 * struct here lives on that thread: the user agent and its registration
 * (phone_sip.c), the one call it may have (phone_call.c) and that call's
 * RTP (phone_media.c).
 */
#ifndef AGENTBAR_PHONE_INT_H
#define AGENTBAR_PHONE_INT_H

#include <stdbool.h>
#include <stdint.h>

/* Not <re.h>: its re_json.h clashes with jansson (JSON_STRING, JSON_NULL),
 * which bar.h brings; only the parts of libre the phone uses. */
#include <re_types.h>
#include <re_fmt.h>
#include <re_mem.h>
#include <re_list.h>
#include <re_mbuf.h>
#include <re_sa.h>
#include <re_sys.h>
#include <re_tmr.h>
#include <re_main.h>
#include <re_mqueue.h>
#include <re_msg.h>
#include <re_uri.h>
#include <re_sip.h>
#include <re_sipsess.h>
#include <re_sipreg.h>
#include <re_sdp.h>
#include <re_rtp.h>
#include <re_telev.h>

#include "bar.h"
#include "phone_audio.h"

/* What Initial read of the properties (SignIn reads the account). */
struct phone_conf {
	struct sa server;       /* SIPServerIP:SIPServerPort */
	uint16_t local_port;    /* PhoneSIPPort; 0: any */
	char *audio_in;         /* PhoneAudioIn */
	char *audio_out;        /* PhoneAudioOut */
	char *alsa;             /* PhoneAlsaDevice: wins over the files */
	int timeout_ms;         /* TimeOut: how long a REGISTER may take */
};

/* What SignIn registers with (phone_ua_register takes copies). */
struct phone_account {
	const char *user;       /* PhoneNum */
	const char *password;   /* PhonePwd */
	bool auto_answer;       /* AutoAnswer */
};

/* A command's end, on the phone thread; err is an errno value. */
typedef void (phone_done_h)(int err, void *arg);

struct phone_call;
struct phone_cred;
struct phone_media;

/* The user agent: one SIP stack, one registration, at most one call. */
struct phone_ua {
	AgentBar *bar;
	const struct phone_conf *conf;
	struct sa laddr;            /* SIP's address; RTP binds its IP */
	struct sip *sip;
	struct sip_lsnr *options;   /* answers the registrar's keep-alive */
	struct sipsess_sock *sock;
	struct sipreg *reg;
	struct phone_cred *cred;    /* the registration's account */
	bool auto_answer;
	bool registered;            /* the registrar said 2xx */
	struct phone_call *call;
	/* a SignIn waiting for the registrar */
	phone_done_h *regh;
	void *reg_arg;
	struct tmr reg_tmr;
	/* a SignOut waiting for the registration to be gone */
	struct phone_cred *leaving;
	phone_done_h *unregh;
	void *unreg_arg;
	struct tmr unreg_tmr;
};

/* phone.c */
int phone_audio_open(struct phone_audio **ap, const struct phone_conf *c);

/* phone_sip.c: the SIP stack, bound at once (EADDRINUSE ...) */
int  phone_ua_alloc(struct phone_ua **uap, AgentBar *bar,
		    const struct phone_conf *conf);
/* h gets 0 once the registrar said 2xx; EACCES for a refusal (401, 403),
 * ETIMEDOUT for no answer within conf->timeout_ms. */
void phone_ua_register(struct phone_ua *ua, const struct phone_account *acc,
		       phone_done_h *h, void *arg);
/* h gets 0 once the registrar took the REGISTER with Expires 0 (or the
 * registration had failed anyway), ENOENT without a registration,
 * ETIMEDOUT for no answer within conf->timeout_ms. */
void phone_ua_unregister(struct phone_ua *ua, phone_done_h *h, void *arg);
/* The user a call's Contact carries. */
const char *phone_ua_user(const struct phone_ua *ua);

/* phone_call.c: an INVITE from the switch becomes ua->call (ringing, or
 * answered at once with AutoAnswer); ua->call is cleared when the call
 * ends (a BYE, a CANCEL, a failure). */
void phone_call_incoming(struct phone_ua *ua, const struct sip_msg *msg);
/* ENOENT: no call rings */
int  phone_call_answer(struct phone_ua *ua);

/* phone_media.c: G.711 and telephone-event on RTP */
int  phone_media_alloc(struct phone_media **pmp, AgentBar *bar,
		       const struct sa *laddr);
/* Applies an SDP offer (the INVITE's or a re-INVITE's); *answerp gets our
 * answer. EBADMSG: no SDP; EPROTONOSUPPORT: no G.711 in it. */
int  phone_media_offer(struct phone_media *pm, const struct sip_msg *msg,
		       struct mbuf **answerp);
/* Sound flows (takes a reference to audio) until the media is freed. */
void phone_media_start(struct phone_media *pm, struct phone_audio *audio);

#endif
