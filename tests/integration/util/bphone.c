/*
 * bphone.c — baresip test phones (see bphone.h): the process, its ports
 * and config, start and stop. bphone_ctl.c drives it, bphone_heard.c
 * measures what it heard.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "bphone_int.h"
#include "itest.h"
#include "wavfile.h"

/* Each phone takes a block of ports: SIP on base (UDP and TCP; baresip
 * also binds TCP base+1), ctrl_tcp on base+2, RTP in base+4..base+15.
 * Blocks lie between the daemon's RTP ports (20000-20999) and Linux's
 * ephemeral ports (32768-). */
enum {
	BLOCK = 16,
	PORT_LO = 21008,
	PORT_HI = 32768,
	START_TRIES = 8,
	PHONES_MAX = 32,
	SILENCE_S = 300,        /* longer than any test call */
};

static struct bphone *running[PHONES_MAX];
static unsigned blocks_taken;

/* ---- process -------------------------------------------------------- */

static void kill_wait(struct bphone *p, int sig, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;

	if (!p->pid)
		return;
	kill(p->pid, sig);
	while (waitpid(p->pid, NULL, WNOHANG) == 0) {
		if (itest_now_ms() >= end) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, NULL, 0);
			break;
		}
		itest_sleep_ms(5);
	}
	p->pid = 0;
}

/* The phones a failed set-up left behind (no teardown ran). */
static void stop_all(void)
{
	for (size_t i = 0; i < PHONES_MAX; i++)
		bphone_stop(running[i]);
}

static void track(struct bphone *p, bool on)
{
	static bool registered;

	if (!registered && on) {
		atexit(stop_all);
		registered = true;
	}
	for (size_t i = 0; i < PHONES_MAX; i++) {
		if (on && !running[i]) {
			running[i] = p;
			return;
		}
		if (!on && running[i] == p) {
			running[i] = NULL;
			return;
		}
	}
	if (on)
		fail_msg("bphone: more than %d phones at once", PHONES_MAX);
}

static bool port_free(uint16_t port, int type)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return false;
	ok = !bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	close(fd);
	return ok;
}

/* A block nobody uses now, starting from one that differs between the
 * test processes ctest runs side by side. */
static uint16_t block_pick(void)
{
	unsigned nblocks = (PORT_HI - PORT_LO) / BLOCK;
	unsigned first = ((unsigned)getpid() * 37u + blocks_taken) % nblocks;

	for (unsigned i = 0; i < nblocks; i++) {
		uint16_t base = (uint16_t)(PORT_LO + BLOCK *
					   ((first + i) % nblocks));
		bool ok = true;

		for (unsigned k = 0; k < BLOCK && ok; k++)
			ok = port_free((uint16_t)(base + k), SOCK_DGRAM) &&
			     port_free((uint16_t)(base + k), SOCK_STREAM);
		if (ok) {
			blocks_taken += i + 1;
			return base;
		}
	}
	fail_msg("bphone: no free block of %d ports in %d-%d", BLOCK,
		 PORT_LO, PORT_HI);
	return 0;
}

static FILE *open_in_dir(const struct bphone *p, const char *name)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", p->dir, name);
	f = fopen(path, "w");
	if (!f)
		fail_msg("bphone: cannot write %s: %s", path, strerror(errno));
	return f;
}

static void write_config(const struct bphone *p, const struct bphone_opts *o)
{
	FILE *f = open_in_dir(p, "config");

	fprintf(f, "poll_method epoll\n"
		"net_interface 127.0.0.1\n"
		"sip_listen 127.0.0.1:%u\n"
		"ctrl_tcp_listen 127.0.0.1:%u\n"
		"rtp_ports %u-%u\n"
		"audio_player aubridge,null\n"
		"audio_alert aubridge,null\n",
		p->base, p->base + BPHONE_CTL_PORT, p->base + 4,
		p->base + BLOCK - 1);
	/* ausine only runs at 48 kHz stereo; the silence file is 8 kHz. */
	if (o->hz)
		fprintf(f, "audio_source ausine,%.0f\n"
			"ausrc_srate 48000\nausrc_channels 2\n", o->hz);
	else
		fprintf(f, "audio_source aufile,%s/silence.wav\n"
			"ausrc_srate 8000\nausrc_channels 1\n", p->dir);
	fprintf(f, "auplay_srate 8000\nauplay_channels 1\n"
		"snd_path %s/rec\n"
		"module_path /usr/lib/baresip/modules\n"
		"module g711.so\nmodule ausine.so\nmodule aufile.so\n"
		"module aubridge.so\nmodule sndfile.so\n"
		"module_app account.so\nmodule_app menu.so\n"
		"module_app ctrl_tcp.so\n", p->dir);
	if (o->webrtc)
		fprintf(f, "module ice.so\nmodule dtls_srtp.so\n"
			"rtcp_mux yes\n");
	if (o->srtp)
		fprintf(f, "module srtp.so\n");
	/* baresip 1.0 takes SIP over TLS on its SIP port + 1 */
	if (o->cafile)
		fprintf(f, "sip_cafile %s\n", o->cafile);
	fclose(f);

	f = open_in_dir(p, "accounts");
	if (o->password)
		fprintf(f, "<sip:%s@127.0.0.1:%u%s>;auth_pass=%s;regint=60;",
			o->user, p->sip_port, p->tls ? ";transport=tls" : "",
			o->password);
	else
		fprintf(f, "<sip:%s@127.0.0.1>;regint=0;", o->user);
	fprintf(f, "answermode=%s;audio_codecs=%s%s%s\n",
		o->auto_answer ? "auto" : "manual",
		o->codec ? o->codec : "PCMU",
		o->webrtc ? ";mediaenc=dtls_srtp;medianat=ice" : "",
		o->srtp ? ";mediaenc=srtp-mand" : "");
	fclose(f);
}

static void spawn(struct bphone *p)
{
	pid_t parent = getpid(), pid = fork();

	if (pid < 0)
		fail_msg("bphone: fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(p->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int nul = open("/dev/null", O_RDONLY);

		/* Dies with the test, however the test ends. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(126);
		if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 ||
		    dup2(fd, 2) < 0)
			_exit(126);
		execlp("baresip", "baresip", "-f", p->dir, (char *)NULL);
		_exit(127);
	}
	p->pid = pid;
}

/* ---- start, stop ---------------------------------------------------- */

/* Up when ctrl_tcp answers: SIP and the UA are set up before it. */
static bool started(struct bphone *p)
{
	int64_t end = itest_now_ms() + BPHONE_TIMEOUT_MS;
	json_t *r;

	while (!bphone_ctl_connect(p)) {
		if (waitpid(p->pid, NULL, WNOHANG) == p->pid) {
			p->pid = 0;
			return false;
		}
		if (itest_now_ms() >= end)
			return false;
		itest_sleep_ms(BPHONE_POLL_MS);
	}
	r = bphone_ctl_command(p, "reginfo", NULL, end);
	json_decref(r);
	return r != NULL;
}

struct bphone *bphone_start(const struct bphone_opts *o)
{
	struct bphone *p;
	char rec[128];

	if (!o || !o->user ||
	    (o->password && !o->sip_port && !o->tls_port))
		fail_msg("bphone_start: user (and sip_port or tls_port to "
			 "register) required");
	p = calloc(1, sizeof(*p));
	if (!p)
		fail_msg("bphone_start: out of memory");
	p->ctl = -1;
	p->events = json_array();
	p->tls = o->tls_port != 0;
	p->sip_port = p->tls ? o->tls_port : o->sip_port;
	snprintf(p->user, sizeof(p->user), "%s", o->user);
	strcpy(p->dir, "/tmp/bphone-XXXXXX");
	if (!mkdtemp(p->dir))
		fail_msg("bphone_start: mkdtemp: %s", strerror(errno));
	snprintf(p->log, sizeof(p->log), "%s/baresip.log", p->dir);
	track(p, true);
	snprintf(rec, sizeof(rec), "%s/rec", p->dir);
	if (mkdir(rec, 0755))
		fail_msg("bphone_start: mkdir %s: %s", rec, strerror(errno));
	if (!o->hz) {
		char path[128];

		snprintf(path, sizeof(path), "%s/silence.wav", p->dir);
		if (wavfile_write_silence(path, 8000, SILENCE_S))
			fail_msg("bphone_start: cannot write %s", path);
	}

	/* Ports probed free may be taken by the time baresip binds them
	 * (a test running beside this one): then another block. */
	for (int i = 0; i < START_TRIES; i++) {
		p->base = block_pick();
		write_config(p, o);
		spawn(p);
		if (started(p))
			return p;
		bphone_ctl_close(p);
		kill_wait(p, SIGKILL, 1000);
		if (!itest_file_contains(p->log, "in use"))
			break;
	}
	itest_print_tail(p->log);
	fail_msg("bphone %s: baresip did not start (is baresip-core "
		 "installed? `make deps`)", o->user);
	return NULL;
}

void bphone_stop(struct bphone *p)
{
	const char *keep = getenv("ITEST_KEEP");

	if (!p)
		return;
	bphone_ctl_close(p);
	/* SIGTERM lets it send BYE and unregister; it gets a second. */
	kill_wait(p, SIGTERM, 1000);
	track(p, false);
	if (keep && !strcmp(keep, "1"))
		fprintf(stderr, "bphone: kept %s\n", p->dir);
	else
		itest_remove_dir(p->dir);
	json_decref(p->events);
	free(p->buf);
	free(p);
}

const char *bphone_dir(const struct bphone *p)
{
	return p->dir;
}

uint16_t bphone_port(const struct bphone *p)
{
	return p->base;
}
