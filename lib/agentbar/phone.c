/*
 * phone.c — the integrated softphone (IsSIPPhone = 1) as the SDK's other
 * files see it: Initial starts a thread running a libre loop of its own
 * (re_thread_init + re_main), the methods hand it commands through a
 * libre mqueue and wait for their end, UnInitial stops it. Everything
 * SIP and RTP happens on that thread (phone_sip.c, phone_call.c,
 * phone_media.c); the SDK's I/O and event threads never touch libre.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "phone_int.h"

enum phone_op { OP_REGISTER, OP_UNREGISTER, OP_ANSWER, OP_STOP };

struct abi_phone {
	AgentBar *bar;
	struct phone_conf conf;
	pthread_t thread;
	pthread_mutex_t mu;         /* the flags, mq, the commands' `done` */
	pthread_cond_t cond;
	bool started;
	int start_err;
	bool ended;                 /* its loop is over: no more commands */
	struct mqueue *mq;          /* made on the phone thread, pushed to by
				       the callers (a pipe underneath) */
	struct phone_ua *ua;        /* phone thread only */
};

/* A caller's command, on the caller's stack until `done`. */
struct phone_cmd {
	struct abi_phone *ph;
	struct phone_account acc;   /* OP_REGISTER */
	bool done;
	int err;                    /* errno value */
};

int phone_audio_open(struct phone_audio **ap, const struct phone_conf *c)
{
	if (str_isset(c->alsa))
		return audio_alsa_alloc(ap, c->alsa);
	return audio_wav_alloc(ap, c->audio_in, c->audio_out);
}

static void cmd_done(int err, void *arg)
{
	struct phone_cmd *cmd = arg;
	struct abi_phone *ph = cmd->ph;

	pthread_mutex_lock(&ph->mu);
	cmd->err = err;
	cmd->done = true;
	pthread_cond_broadcast(&ph->cond);
	pthread_mutex_unlock(&ph->mu);
}

static void mq_h(int id, void *data, void *arg)
{
	struct abi_phone *ph = arg;
	struct phone_cmd *cmd = data;

	switch ((enum phone_op)id) {
	case OP_REGISTER:
		phone_ua_register(ph->ua, &cmd->acc, cmd_done, cmd);
		break;
	case OP_UNREGISTER:
		phone_ua_unregister(ph->ua, cmd_done, cmd);
		break;
	case OP_ANSWER:
		cmd_done(phone_call_answer(ph->ua), cmd);
		break;
	case OP_STOP:
		/* a call left ends with a BYE */
		ph->ua = mem_deref(ph->ua);
		re_cancel();
		cmd_done(0, cmd);
		break;
	}
}

static void started(struct abi_phone *ph, int err)
{
	pthread_mutex_lock(&ph->mu);
	ph->started = true;
	ph->start_err = err;
	pthread_cond_broadcast(&ph->cond);
	pthread_mutex_unlock(&ph->mu);
}

static void *phone_main(void *arg)
{
	struct abi_phone *ph = arg;
	int err = re_thread_init();

	if (err) {
		started(ph, err);
		return NULL;
	}
	err = libre_init();
	err = err ? err : mqueue_alloc(&ph->mq, mq_h, ph);
	err = err ? err : phone_ua_alloc(&ph->ua, ph->bar, &ph->conf);
	started(ph, err);
	if (!err) {
		err = re_main(NULL);
		if (err)
			abi_log(ph->bar, ABI_ERROR, "softphone: its loop "
				"failed: %s", strerror(err));
	}
	ph->ua = mem_deref(ph->ua);
	/* a loop that failed by itself leaves callers nobody to answer them */
	pthread_mutex_lock(&ph->mu);
	ph->ended = true;
	ph->mq = mem_deref(ph->mq);
	pthread_cond_broadcast(&ph->cond);
	pthread_mutex_unlock(&ph->mu);
	libre_close();
	re_thread_close();
	return NULL;
}

/* Runs a command on the phone thread and waits for its end. The thread
 * ends every command itself (a REGISTER by its own timer), or its loop
 * ends, so the wait needs no bound of its own. */
static int run(struct abi_phone *ph, enum phone_op op, struct phone_cmd *cmd)
{
	int err;

	cmd->ph = ph;
	cmd->done = false;
	pthread_mutex_lock(&ph->mu);
	err = ph->ended ? ESRCH : mqueue_push(ph->mq, (int)op, cmd);
	while (!err && !cmd->done && !ph->ended)
		pthread_cond_wait(&ph->cond, &ph->mu);
	if (!err)
		err = cmd->done ? cmd->err : ESRCH;
	pthread_mutex_unlock(&ph->mu);
	return err;
}

static void conf_free(struct phone_conf *c)
{
	free(c->audio_in);
	free(c->audio_out);
	free(c->alsa);
}

static void phone_free(struct abi_phone *ph)
{
	conf_free(&ph->conf);
	pthread_cond_destroy(&ph->cond);
	pthread_mutex_destroy(&ph->mu);
	free(ph);
}

/* The properties the phone runs on; false (logged) when they do not do. */
static bool conf_read(AgentBar *bar, struct phone_conf *c)
{
	char *ip = abi_get_str(bar, ABI_S_SIPServerIP);
	bool ok;

	c->audio_in = abi_get_str(bar, ABI_S_PhoneAudioIn);
	c->audio_out = abi_get_str(bar, ABI_S_PhoneAudioOut);
	c->alsa = abi_get_str(bar, ABI_S_PhoneAlsaDevice);
	c->local_port = (uint16_t)abi_get_long(bar, ABI_L_PhoneSIPPort);
	c->timeout_ms = (int)abi_get_long(bar, ABI_L_TimeOut);
	if (!ip || !c->audio_in || !c->audio_out || !c->alsa) {
		abi_log(bar, ABI_ERROR, "softphone: out of memory");
		free(ip);
		return false;
	}
	/* no DNS on the phone thread: the server is an address */
	ok = !sa_set_str(&c->server, ip,
			 (uint16_t)abi_get_long(bar, ABI_L_SIPServerPort));
	if (!ok)
		abi_log(bar, ABI_ERROR, "softphone: SIPServerIP \"%s\" is not "
			"an IP address", ip);
	free(ip);
	return ok;
}

/* The sound is tried once here, so a wrong file or device fails Initial
 * rather than the first call. */
static bool audio_ok(AgentBar *bar, const struct phone_conf *c)
{
	struct phone_audio *a = NULL;
	int err = phone_audio_open(&a, c);

	mem_deref(a);
	if (err)
		abi_log(bar, ABI_ERROR, "softphone: audio (%s) cannot be "
			"used: %s", str_isset(c->alsa) ? c->alsa : "WAV files",
			strerror(err));
	return !err;
}

int abi_phone_start(AgentBar *bar)
{
	struct abi_phone *ph = calloc(1, sizeof(*ph));
	int err;

	if (!ph)
		return AGENTBARERROR_SOFTPHONE_ERROR;
	ph->bar = bar;
	if (pthread_mutex_init(&ph->mu, NULL)) {
		free(ph);
		return AGENTBARERROR_SOFTPHONE_ERROR;
	}
	if (pthread_cond_init(&ph->cond, NULL)) {
		pthread_mutex_destroy(&ph->mu);
		free(ph);
		return AGENTBARERROR_SOFTPHONE_ERROR;
	}
	if (!conf_read(bar, &ph->conf) || !audio_ok(bar, &ph->conf)) {
		phone_free(ph);
		return AGENTBARERROR_SOFTPHONE_ERROR;
	}
	err = pthread_create(&ph->thread, NULL, phone_main, ph);
	if (err) {
		abi_log(bar, ABI_ERROR, "softphone: no thread: %s",
			strerror(err));
		phone_free(ph);
		return AGENTBARERROR_SOFTPHONE_ERROR;
	}
	pthread_mutex_lock(&ph->mu);
	while (!ph->started)
		pthread_cond_wait(&ph->cond, &ph->mu);
	err = ph->start_err;
	pthread_mutex_unlock(&ph->mu);
	if (err) {
		abi_log(bar, ABI_ERROR, "softphone: cannot start on SIP port "
			"%u: %s", ph->conf.local_port, strerror(err));
		pthread_join(ph->thread, NULL);
		phone_free(ph);
		return AGENTBARERROR_SOFTPHONE_ERROR;
	}
	pthread_mutex_lock(&bar->phone_mu);
	bar->phone = ph;
	pthread_mutex_unlock(&bar->phone_mu);
	abi_log(bar, ABI_TRACE, "softphone: started");
	return 0;
}

int abi_phone_stop(AgentBar *bar)
{
	struct phone_cmd cmd = {0};
	struct abi_phone *ph;
	int err;

	pthread_mutex_lock(&bar->phone_mu);
	ph = bar->phone;
	bar->phone = NULL;
	pthread_mutex_unlock(&bar->phone_mu);
	if (!ph)
		return 0;
	/* still registered (a SignIn the CTI lost): the registrar should
	 * not keep calling a phone that is gone */
	err = run(ph, OP_UNREGISTER, &cmd);
	if (err && err != ENOENT)
		abi_log(bar, ABI_WARN, "softphone: unREGISTER failed: %s",
			strerror(err));
	err = run(ph, OP_STOP, &cmd);
	if (err && err != ESRCH) {   /* not told, the thread would not end */
		abi_log(bar, ABI_ERROR, "softphone: cannot stop: %s; its "
			"thread is left running", strerror(err));
		return AGENTBARERROR_SOFTPHONE_ERROR;
	}
	/* ESRCH: its loop had ended by itself (logged then) */
	pthread_join(ph->thread, NULL);
	phone_free(ph);
	abi_log(bar, ABI_TRACE, "softphone: stopped");
	return err ? AGENTBARERROR_SOFTPHONE_ERROR : 0;
}

bool abi_phone_on(AgentBar *bar)
{
	bool on;

	pthread_mutex_lock(&bar->phone_mu);
	on = bar->phone != NULL;
	pthread_mutex_unlock(&bar->phone_mu);
	return on;
}

/* A command under phone_mu: one at a time, and the phone stays. */
static int command(AgentBar *bar, enum phone_op op, struct phone_cmd *cmd,
		   const char *what)
{
	int err;

	pthread_mutex_lock(&bar->phone_mu);
	err = bar->phone ? run(bar->phone, op, cmd) : ESRCH;
	pthread_mutex_unlock(&bar->phone_mu);
	if (err)
		abi_log(bar, ABI_ERROR, "softphone: %s failed: %s", what,
			strerror(err));
	return err ? AGENTBARERROR_SOFTPHONE_ERROR : 0;
}

int abi_phone_register(AgentBar *bar)
{
	struct phone_cmd cmd = {0};
	char *user = abi_get_str(bar, ABI_S_PhoneNum);
	char *password = abi_get_str(bar, ABI_S_PhonePwd);
	int rc = AGENTBARERROR_SOFTPHONE_ERROR;

	if (!user || !password)
		abi_log(bar, ABI_ERROR, "softphone: out of memory");
	else if (!*user)
		abi_log(bar, ABI_ERROR, "softphone: PhoneNum is empty");
	else {
		cmd.acc.user = user;
		cmd.acc.password = password;
		cmd.acc.auto_answer = abi_get_long(bar, ABI_L_AutoAnswer);
		rc = command(bar, OP_REGISTER, &cmd, "REGISTER");
	}
	free(user);
	free(password);
	return rc;
}

int abi_phone_unregister(AgentBar *bar)
{
	struct phone_cmd cmd = {0};

	return command(bar, OP_UNREGISTER, &cmd, "unREGISTER");
}

int abi_phone_answer(AgentBar *bar)
{
	struct phone_cmd cmd = {0};

	return command(bar, OP_ANSWER, &cmd, "answer");
}
