/*
 * phone_sip.c — the softphone's user agent: a SIP stack on UDP at the
 * address that reaches SIPServerIP, the REGISTER (digest with PhoneNum /
 * PhonePwd) that SignIn waits for, its removal at SignOut, the
 * registrar's OPTIONS pings, and the INVITEs it takes (phone_call.c).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "phone_int.h"

enum {
	HASH_SIZE = 16,
	REG_EXPIRES = 600,   /* s; libre refreshes before it runs out */
};

/* The account a registration authenticates with. The registration holds
 * a reference (libre's aref), and keeps it after SignOut while its
 * REGISTER with Expires 0 is challenged and answered: the account going
 * is the registration gone. */
struct phone_cred {
	char *user, *password;
	struct phone_ua *ua;        /* NULL once the ua is gone */
};

static void destructor(void *arg)
{
	struct phone_ua *ua = arg;

	tmr_cancel(&ua->reg_tmr);
	tmr_cancel(&ua->unreg_tmr);
	/* a registration still going (its REGISTER with Expires 0) may
	 * outlive us: its account must not call back */
	if (ua->leaving)
		ua->leaving->ua = NULL;
	if (ua->cred)
		ua->cred->ua = NULL;
	mem_deref(ua->call);
	mem_deref(ua->reg);
	mem_deref(ua->cred);
	/* sessions that linger to finish their BYE go now */
	if (ua->sock)
		sipsess_close_all(ua->sock);
	mem_deref(ua->sock);
	mem_deref(ua->options);
	if (ua->sip)
		sip_close(ua->sip, true);
	mem_deref(ua->sip);
}

/* The local address the kernel would send to the server from (a
 * connected UDP socket sends nothing). */
static int source_addr(struct sa *laddr, const struct sa *server)
{
	struct sa sa;
	int fd = socket(sa_af(server), SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int err = 0;

	if (fd < 0)
		return errno;
	sa_init(&sa, sa_af(server));
	if (connect(fd, &server->u.sa, server->len) ||
	    getsockname(fd, &sa.u.sa, &sa.len))
		err = errno;
	close(fd);
	if (!err)
		*laddr = sa;
	return err;
}

/* A registrar pings its phones with OPTIONS (callcloud's every 30 s) and
 * drops one that stops answering: we are here. */
static bool options_h(const struct sip_msg *msg, void *arg)
{
	struct phone_ua *ua = arg;

	if (pl_strcmp(&msg->met, "OPTIONS"))
		return false;
	(void)sip_treplyf(NULL, NULL, ua->sip, msg, false, 200, "OK",
			  "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n"
			  "Content-Length: 0\r\n\r\n");
	return true;
}

static void conn_h(const struct sip_msg *msg, void *arg)
{
	phone_call_incoming(arg, msg);
}

int phone_ua_alloc(struct phone_ua **uap, AgentBar *bar,
		   const struct phone_conf *conf)
{
	struct phone_ua *ua = mem_zalloc(sizeof(*ua), destructor);
	int err;

	if (!ua)
		return ENOMEM;
	ua->bar = bar;
	ua->conf = conf;
	tmr_init(&ua->reg_tmr);
	tmr_init(&ua->unreg_tmr);
	err = source_addr(&ua->laddr, &conf->server);
	if (!err)
		sa_set_port(&ua->laddr, conf->local_port);
	err = err ? err : sip_alloc(&ua->sip, NULL, HASH_SIZE, HASH_SIZE,
				    HASH_SIZE, "callcloud-agentbar", NULL,
				    NULL);
	err = err ? err : sip_transp_add(ua->sip, SIP_TRANSP_UDP, &ua->laddr);
	/* the port the stack took, when any would do */
	err = err ? err : sip_transp_laddr(ua->sip, &ua->laddr,
					   SIP_TRANSP_UDP, NULL);
	err = err ? err : sip_listen(&ua->options, ua->sip, true, options_h,
				     ua);
	err = err ? err : sipsess_listen(&ua->sock, ua->sip, HASH_SIZE,
					 conn_h, ua);
	if (err) {
		mem_deref(ua);
		return err;
	}
	*uap = ua;
	return 0;
}

static void unreg_done(struct phone_ua *ua, int err)
{
	phone_done_h *h = ua->unregh;

	tmr_cancel(&ua->unreg_tmr);
	ua->unregh = NULL;
	ua->leaving = NULL;
	if (h)
		h(err, ua->unreg_arg);
}

static void cred_destructor(void *arg)
{
	struct phone_cred *c = arg;

	if (c->ua && c->ua->leaving == c)
		unreg_done(c->ua, 0);
	mem_deref(c->user);
	mem_deref(c->password);
}

static int cred_alloc(struct phone_cred **cp, struct phone_ua *ua,
		      const struct phone_account *acc)
{
	struct phone_cred *c = mem_zalloc(sizeof(*c), cred_destructor);
	int err;

	if (!c)
		return ENOMEM;
	err = str_dup(&c->user, acc->user);
	err = err ? err : str_dup(&c->password, acc->password);
	if (err) {
		mem_deref(c);
		return err;
	}
	c->ua = ua;
	*cp = c;
	return 0;
}

static int auth_h(char **username, char **password, const char *realm,
		  void *arg)
{
	struct phone_cred *c = arg;
	int err;
	(void)realm;

	err = str_dup(username, c->user);
	err = err ? err : str_dup(password, c->password);
	return err;
}

const char *phone_ua_user(const struct phone_ua *ua)
{
	return ua->cred ? ua->cred->user : "agentbar";
}

/* SignIn's wait is over, one way or the other. */
static void reg_done(struct phone_ua *ua, int err)
{
	phone_done_h *h = ua->regh;

	tmr_cancel(&ua->reg_tmr);
	ua->regh = NULL;
	if (h)
		h(err, ua->reg_arg);
}

/* Out of sipreg's handler: a refused registration would be retried. */
static void reg_drop(void *arg)
{
	struct phone_ua *ua = arg;

	ua->reg = mem_deref(ua->reg);
	ua->registered = false;
}

static void reg_timeout(void *arg)
{
	struct phone_ua *ua = arg;

	abi_log(ua->bar, ABI_ERROR, "softphone: no answer to REGISTER in "
		"%d ms", ua->conf->timeout_ms);
	reg_drop(ua);
	reg_done(ua, ETIMEDOUT);
}

static void reg_resp_h(int err, const struct sip_msg *msg, void *arg)
{
	struct phone_ua *ua = arg;

	if (!err && msg && msg->scode < 300) {
		if (!ua->registered)
			abi_log(ua->bar, ABI_TRACE, "softphone: registered "
				"as %s", phone_ua_user(ua));
		ua->registered = true;
		reg_done(ua, 0);
		return;
	}
	if (err)
		abi_log(ua->bar, ABI_ERROR, "softphone: REGISTER failed: %s",
			strerror(err));
	else
		abi_log(ua->bar, ABI_ERROR, "softphone: REGISTER refused: "
			"%u %.*s", msg->scode, (int)msg->reason.l,
			msg->reason.p);
	ua->registered = false;
	/* A refusal stops here; a refresh lost later is retried by libre. */
	if (ua->regh) {
		tmr_start(&ua->reg_tmr, 0, reg_drop, ua);
		ua->regh(err ? err : EACCES, ua->reg_arg);
		ua->regh = NULL;
	}
}

void phone_ua_register(struct phone_ua *ua, const struct phone_account *acc,
		       phone_done_h *h, void *arg)
{
	char reg_uri[128], aor[256];
	int err;

	if (ua->regh || ua->unregh) {
		h(EBUSY, arg);
		return;
	}
	ua->auto_answer = acc->auto_answer;
	if (ua->registered) {
		/* a REGISTER with Expires 0 now could pass the new one */
		abi_log(ua->bar, ABI_TRACE, "softphone: already registered "
			"as %s", phone_ua_user(ua));
		h(0, arg);
		return;
	}
	ua->reg = mem_deref(ua->reg);
	ua->cred = mem_deref(ua->cred);
	err = cred_alloc(&ua->cred, ua, acc);
	if (!err && (re_snprintf(reg_uri, sizeof(reg_uri), "sip:%J",
				 &ua->conf->server) < 0 ||
		     re_snprintf(aor, sizeof(aor), "sip:%s@%J", acc->user,
				 &ua->conf->server) < 0))
		err = EINVAL;
	ua->regh = h;
	ua->reg_arg = arg;
	err = err ? err : sipreg_register(&ua->reg, ua->sip, reg_uri, aor,
					  NULL, aor, REG_EXPIRES, acc->user,
					  NULL, 0, 0, auth_h, ua->cred, true,
					  reg_resp_h, ua, NULL, NULL);
	if (err) {
		abi_log(ua->bar, ABI_ERROR, "softphone: no REGISTER sent: %s",
			strerror(err));
		reg_done(ua, err);
		return;
	}
	tmr_start(&ua->reg_tmr, (uint64_t)ua->conf->timeout_ms, reg_timeout,
		  ua);
}

static void unreg_timeout(void *arg)
{
	struct phone_ua *ua = arg;

	abi_log(ua->bar, ABI_ERROR, "softphone: no answer to the REGISTER "
		"with Expires 0 in %d ms", ua->conf->timeout_ms);
	ua->leaving->ua = NULL;   /* its end, whenever, tells nobody */
	unreg_done(ua, ETIMEDOUT);
}

void phone_ua_unregister(struct phone_ua *ua, phone_done_h *h, void *arg)
{
	struct phone_cred *cred = ua->cred;

	if (!ua->reg || ua->regh || ua->unregh) {
		h(ua->reg ? EBUSY : ENOENT, arg);
		return;
	}
	ua->unregh = h;
	ua->unreg_arg = arg;
	ua->leaving = cred;
	ua->cred = NULL;
	tmr_start(&ua->unreg_tmr, (uint64_t)ua->conf->timeout_ms,
		  unreg_timeout, ua);
	/* libre sends the REGISTER with Expires 0 as it lets go (nothing
	 * when it was not registered); the account goes with its end */
	ua->reg = mem_deref(ua->reg);
	ua->registered = false;
	mem_deref(cred);
}
