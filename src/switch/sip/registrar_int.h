/*
 * registrar_int.h — what the registrar's files share: the registrar itself
 * and its table of bindings (address-of-record → contacts).
 */
#ifndef CALLCLOUD_SIP_REGISTRAR_INT_H
#define CALLCLOUD_SIP_REGISTRAR_INT_H

#include "switch/switch.h"
#include "digest.h"
#include "registrar.h"

struct registrar {
	struct sip *sip;
	struct sip_lsnr *lsnr;
	sw_secret_h *secreth;  /* the phone directory */
	void *secret_arg;
	char *realm;
	struct digest_key key;
	struct hash *aors;      /* struct aor by DN */
	struct hash *ncs;       /* nonce counts by DN (replay.c) */
	struct tmr sweep_tmr;   /* drops nonce counts of old nonces */
	uint32_t nbindings;
	uint32_t max_total;
	uint32_t min_expires;
	uint32_t max_expires;
	uint32_t options_interval;      /* s; 0: no pings */
	registrar_h *h;
	void *arg;
	registrar_binding_h *bh;
	void *barg;
};

/* A DN with at least one contact; freed with its last contact. */
struct aor {
	struct le he;
	struct list bindings;   /* struct binding, most recent first */
	struct registrar *r;
	char dn[SW_DN_SIZE];
};

struct binding {
	struct registrar_binding pub;
	struct le le;
	struct tmr tmr;
	struct tmr ping_tmr;
	struct sip_request *ping;       /* the OPTIONS awaiting an answer */
	struct aor *aor;
	char *uri;
	char *callid;
	uint32_t cseq;
};

struct aor *aor_find(const struct registrar *r, const char *dn);
struct binding *binding_find(const struct aor *a, const struct pl *uri);
int binding_add(struct registrar *r, const char *dn, const struct pl *uri,
		const struct sip_msg *msg, uint32_t expires_s);
int binding_refresh(struct binding *b, const struct sip_msg *msg,
		    uint32_t expires_s);
bool binding_is_stale(const struct binding *b, const struct sip_msg *msg);
void binding_remove(struct binding *b);
void binding_ping_start(struct binding *b);
void aor_remove_all(struct aor *a);
void bindings_flush(struct registrar *r);

/* For a nonce digest_nonce_check found valid and a right digest:
 * 0: nc is higher than any this DN used with this nonce (now recorded);
 * EALREADY: a replay; EBADMSG: nc is not 8 hex digits or is 0. */
int replay_check(struct registrar *r, const char *dn, const struct pl *nonce,
		 const struct pl *nc, uint64_t now_s);
void replay_sweep(struct registrar *r, uint64_t now_s);
void register_handle(struct registrar *r, const struct sip_msg *msg);

#endif
