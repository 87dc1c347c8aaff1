/*
 * phone_sip.c — the softphone's user agent: a SIP stack on UDP at the
 * address that reaches SIPServerIP, the REGISTER (digest with PhoneNum /
 * PhonePwd) that SignIn waits for, its removal at SignOut, and the
 * INVITEs it takes (phone_call.c).
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

static void destructor(void *arg)
{
	struct phone_ua *ua = arg;

	tmr_cancel(&ua->reg_tmr);
	mem_deref(ua->call);
	mem_deref(ua->reg);
	/* sessions that linger to finish their BYE go now */
	if (ua->sock)
		sipsess_close_all(ua->sock);
	mem_deref(ua->sock);
	if (ua->sip)
		sip_close(ua->sip, true);
	mem_deref(ua->sip);
	mem_deref(ua->user);
	mem_deref(ua->password);
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
	err = err ? err : sipsess_listen(&ua->sock, ua->sip, HASH_SIZE,
					 conn_h, ua);
	if (err) {
		mem_deref(ua);
		return err;
	}
	*uap = ua;
	return 0;
}

static int auth_h(char **username, char **password, const char *realm,
		  void *arg)
{
	struct phone_ua *ua = arg;
	int err;
	(void)realm;

	err = str_dup(username, ua->user);
	err = err ? err : str_dup(password, ua->password);
	return err;
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
				"as %s", ua->user);
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

	if (ua->regh) {
		h(EBUSY, arg);
		return;
	}
	ua->reg = mem_deref(ua->reg);
	ua->registered = false;
	ua->user = mem_deref(ua->user);
	ua->password = mem_deref(ua->password);
	ua->auto_answer = acc->auto_answer;
	err = str_dup(&ua->user, acc->user);
	err = err ? err : str_dup(&ua->password, acc->password);
	if (!err && (re_snprintf(reg_uri, sizeof(reg_uri), "sip:%J",
				 &ua->conf->server) < 0 ||
		     re_snprintf(aor, sizeof(aor), "sip:%s@%J", acc->user,
				 &ua->conf->server) < 0))
		err = EINVAL;
	ua->regh = h;
	ua->reg_arg = arg;
	err = err ? err : sipreg_register(&ua->reg, ua->sip, reg_uri, aor,
					  NULL, aor, REG_EXPIRES, acc->user,
					  NULL, 0, 0, auth_h, ua, false,
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

int phone_ua_unregister(struct phone_ua *ua)
{
	bool was = ua->reg != NULL;

	/* libre sends the REGISTER with Expires 0 as it lets go */
	ua->reg = mem_deref(ua->reg);
	ua->registered = false;
	return was ? 0 : ENOENT;
}
