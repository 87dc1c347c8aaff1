/*
 * main.c — `agentbar`, a command-line agent bar on libagentbar: signs an
 * agent in (Initial + SignIn), then runs one command per stdin line and
 * prints every result and event as a line. At end of input, or `quit`, it
 * signs out and closes (SignOut + UnInitial). With --ui it is the same bar
 * in a curses screen instead (ui.c).
 *
 *   agentbar [--ui] --cti 127.0.0.1:10000 [--back IP[:PORT]] --agent 2002
 *            --password 2002123 --dn 1889 --skills 示例=3
 *            [--status-change-type 0|1] [--no-autoanswer] [--log-level 0-3]
 *            [--timeout MS] [--tls-ca FILE.pem] [--tls-fingerprint HEX]
 *            [--sipphone [--sip-server IP[:PORT]] [--phone-password PW]
 *             [--sip-port N] [--audio-in F.wav] [--audio-out F.wav |
 *             --alsa DEVICE]]
 *
 * With --sipphone the SDK's integrated softphone is the DN's phone. A
 * tls:// before --cti or --back's host is TLS to that server, verified with
 * --tls-ca or --tls-fingerprint (else the system's CAs).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "ui.h"

struct options {
	const char *cti;        /* MainCTIIP, as given */
	char cti_copy[300];     /* checked, and its host cut out */
	char *host;
	const char *back, *agent, *password, *dn, *skills;
	const char *tls_ca, *tls_fingerprint;
	const char *status_change_type, *log_level, *timeout;
	bool no_autoanswer, ui;
	/* the integrated softphone */
	bool sipphone;
	char *sip_host, *sip_port;   /* from --sip-server */
	const char *phone_password, *local_port, *audio_in, *audio_out, *alsa;
};

static void usage(FILE *to)
{
	fprintf(to,
		"usage: agentbar [--ui] --cti [tls://]HOST[:PORT] "
		"[--back [tls://]HOST[:PORT]]\n"
		"                --agent ID --password PW --dn DN "
		"--skills SKILL=LEVEL[,...]\n"
		"                [--status-change-type 0|1] [--no-autoanswer] "
		"[--log-level 0-3]\n"
		"                [--timeout MS] [--tls-ca FILE.pem] "
		"[--tls-fingerprint HEX]\n"
		"                [--sipphone [--sip-server IP[:PORT]] "
		"[--phone-password PW] [--sip-port N]\n"
		"                 [--audio-in FILE.wav] [--audio-out FILE.wav "
		"| --alsa DEVICE]]\n"
		"Then one command per line on stdin; \"help\" lists them.\n"
		"--ui: the toolbar in the terminal instead, keys on its "
		"bottom line.\n"
		"tls://: TLS to that server (port 10443 unless given). Its "
		"certificate must\n"
		"  chain to the CAs in --tls-ca (default: the system's) and "
		"name the host, or\n"
		"  have the SHA-256 fingerprint --tls-fingerprint (AB:CD:..., "
		"colons optional).\n"
		"--sipphone: the SDK's own SIP phone is the DN: it registers "
		"as the DN\n"
		"  (password --phone-password) with --sip-server "
		"(default: the --cti host,\n"
		"  port 5060) from local UDP port --sip-port (default: any), "
		"and rings until\n"
		"  \"answer\" (or at once without --no-autoanswer). Its "
		"microphone is --audio-in\n"
		"  (8 kHz 16-bit mono WAV, looped; silence without) and what "
		"it hears goes to\n"
		"  --audio-out, or both are the ALSA device --alsa (e.g. "
		"default, plughw:1,0).\n");
}

static bool in_range(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	return *s && !*end && !errno && v >= lo && v <= hi;
}

/* "host", "host:port" or "[v6]:port": host and port for the SDK. */
static bool split_host(char *spec, char **host, char **port)
{
	char *colon;

	if (spec[0] == '[') {
		colon = strstr(spec, "]:");
		if (colon)
			colon++;
	} else {
		colon = strchr(spec, ':');
		if (colon && strchr(colon + 1, ':'))
			colon = NULL;   /* a bare IPv6 address */
	}
	*host = spec;
	if (colon) {
		*colon = 0;
		*port = colon + 1;
		if (!in_range(*port, 1, 65535))
			return false;
	}
	return **host != 0;
}

static bool is_tls(const char *spec)
{
	return spec && !strncasecmp(spec, "tls://", 6);
}

/* --cti: kept whole for MainCTIIP (the SDK reads tls:// and the port),
 * its host for --sip-server's default. */
static bool split_cti(struct options *o, const char *spec)
{
	int n = snprintf(o->cti_copy, sizeof(o->cti_copy), "%s",
			 is_tls(spec) ? spec + 6 : spec);
	char *port;

	o->cti = spec;
	return n > 0 && (size_t)n < sizeof(o->cti_copy) &&
	       split_host(o->cti_copy, &o->host, &port);
}

/* The TLS options verify a tls:// server: without one they would be
 * silently unused. */
static bool check_tls(const struct options *o)
{
	if ((o->tls_ca || o->tls_fingerprint) && !is_tls(o->cti) &&
	    !is_tls(o->back)) {
		fprintf(stderr, "agentbar: --tls-ca and --tls-fingerprint go "
			"with a tls:// --cti or --back\n");
		return false;
	}
	return true;
}

/* The softphone's options make sense only together. */
static bool check_sipphone(struct options *o)
{
	if (!o->sipphone && (o->sip_host || o->phone_password ||
			     o->local_port || o->audio_in || o->audio_out ||
			     o->alsa)) {
		fprintf(stderr, "agentbar: --sip-server, --phone-password, "
			"--sip-port, --audio-in, --audio-out and --alsa go "
			"with --sipphone\n");
		return false;
	}
	if (o->alsa && (o->audio_in || o->audio_out)) {
		fprintf(stderr, "agentbar: --alsa or the WAV files, not "
			"both\n");
		return false;
	}
	if (o->local_port && !in_range(o->local_port, 0, 65535)) {
		fprintf(stderr, "agentbar: --sip-port is 0 to 65535\n");
		return false;
	}
	if (o->sipphone && !o->phone_password) {
		fprintf(stderr, "agentbar: --sipphone needs --phone-password "
			"(the DN's SIP password)\n");
		return false;
	}
	if (!o->sip_host)
		o->sip_host = o->host;
	return true;
}

static bool parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"cti", required_argument, NULL, 'c'},
		{"back", required_argument, NULL, 'b'},
		{"agent", required_argument, NULL, 'a'},
		{"password", required_argument, NULL, 'p'},
		{"dn", required_argument, NULL, 'd'},
		{"skills", required_argument, NULL, 's'},
		{"status-change-type", required_argument, NULL, 't'},
		{"no-autoanswer", no_argument, NULL, 'n'},
		{"log-level", required_argument, NULL, 'l'},
		{"timeout", required_argument, NULL, 'T'},
		{"ui", no_argument, NULL, 'u'},
		{"sipphone", no_argument, NULL, 'S'},
		{"sip-server", required_argument, NULL, 'r'},
		{"phone-password", required_argument, NULL, 'P'},
		{"sip-port", required_argument, NULL, 'L'},
		{"audio-in", required_argument, NULL, 'i'},
		{"audio-out", required_argument, NULL, 'o'},
		{"alsa", required_argument, NULL, 'A'},
		{"tls-ca", required_argument, NULL, 'C'},
		{"tls-fingerprint", required_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (!split_cti(o, optarg)) {
				fprintf(stderr, "agentbar: --cti wants HOST or "
					"HOST:PORT (port 1-65535), tls:// "
					"before or not\n");
				return false;
			}
			break;
		case 'b': o->back = optarg; break;
		case 'a': o->agent = optarg; break;
		case 'p': o->password = optarg; break;
		case 'd': o->dn = optarg; break;
		case 's': o->skills = optarg; break;
		case 't': o->status_change_type = optarg; break;
		case 'n': o->no_autoanswer = true; break;
		case 'l': o->log_level = optarg; break;
		case 'T': o->timeout = optarg; break;
		case 'u': o->ui = true; break;
		case 'S': o->sipphone = true; break;
		case 'r':
			if (!split_host(optarg, &o->sip_host, &o->sip_port)) {
				fprintf(stderr, "agentbar: --sip-server wants "
					"IP or IP:PORT (port 1-65535)\n");
				return false;
			}
			break;
		case 'P': o->phone_password = optarg; break;
		case 'L': o->local_port = optarg; break;
		case 'i': o->audio_in = optarg; break;
		case 'o': o->audio_out = optarg; break;
		case 'A': o->alsa = optarg; break;
		case 'C': o->tls_ca = optarg; break;
		case 'F': o->tls_fingerprint = optarg; break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return false;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "agentbar: unexpected argument \"%s\"\n",
			argv[optind]);
		return false;
	}
	if (!o->host || !o->agent || !o->password || !o->dn || !o->skills) {
		fprintf(stderr, "agentbar: --cti, --agent, --password, --dn "
			"and --skills are required\n");
		return false;
	}
	if (o->status_change_type && !in_range(o->status_change_type, 0, 1)) {
		fprintf(stderr, "agentbar: --status-change-type is 0 or 1\n");
		return false;
	}
	if (o->log_level && !in_range(o->log_level, 0, 3)) {
		fprintf(stderr, "agentbar: --log-level is 0 to 3\n");
		return false;
	}
	if (o->timeout && !in_range(o->timeout, 1, 3600000)) {
		fprintf(stderr, "agentbar: --timeout is 1 to 3600000 ms\n");
		return false;
	}
	return check_tls(o) && check_sipphone(o);
}

/* Every property through the SDK's checks; false names the bad one. */
static bool configure(AgentBar *bar, const struct options *o)
{
	const char *props[][2] = {
		{"LogLevel", o->log_level},
		{"MainCTIIP", o->cti},
		{"BackCTIIP", o->back},
		{"TLSCAFile", o->tls_ca},
		{"TLSFingerprint", o->tls_fingerprint},
		{"TimeOut", o->timeout},
		{"AgentID", o->agent},
		{"PassWord", o->password},
		{"DN", o->dn},
		{"ServiceList", o->skills},
		{"StatusChangeType", o->status_change_type},
		{"AutoAnswer", o->no_autoanswer ? "0" : NULL},
		{"IsSIPPhone", o->sipphone ? "1" : NULL},
		{"SIPServerIP", o->sipphone ? o->sip_host : NULL},
		{"SIPServerPort", o->sip_port},
		{"PhoneNum", o->sipphone ? o->dn : NULL},
		{"PhonePwd", o->phone_password},
		{"PhoneSIPPort", o->local_port},
		{"PhoneAudioIn", o->audio_in},
		{"PhoneAudioOut", o->audio_out},
		{"PhoneAlsaDevice", o->alsa},
	};

	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		if (props[i][1] &&
		    ab_SetProperty(bar, props[i][0], props[i][1])) {
			fprintf(stderr, "agentbar: bad value for %s\n",
				props[i][0]);
			return false;
		}
	}
	return true;
}

static void finish(AgentBar *bar)
{
	if (ab_GetIsSignIn(bar))
		out_result("SignOut", ab_SignOut(bar), NULL);
	out_result("UnInitial", ab_UnInitial(bar), NULL);
}

int main(int argc, char **argv)
{
	struct options o = {0};
	AgentBarEvents ev = {0};
	AgentBar *bar;
	char *line = NULL;
	size_t cap = 0;
	int rc;

	if (!parse_args(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}
	/* The screen has its own event log: trace lines would repeat it. */
	if (o.ui && !o.log_level)
		o.log_level = "1";
	bar = ab_Create();
	if (!bar) {
		fprintf(stderr, "agentbar: out of memory\n");
		return 1;
	}
	if (!configure(bar, &o)) {
		ab_Destroy(bar);
		return 2;
	}
	if (o.ui)
		return ui_run(bar);
	out_events(&ev);
	ab_SetEvents(bar, &ev, NULL);
	rc = ab_Initial(bar);
	out_result("Initial", rc, NULL);
	if (rc == 0) {
		rc = ab_SignIn(bar);
		out_result("SignIn", rc, NULL);
		if (rc)
			ab_UnInitial(bar);
	}
	if (rc) {
		ab_Destroy(bar);
		return 1;
	}
	while (getline(&line, &cap, stdin) >= 0) {
		if (cmd_run(bar, line))
			break;
	}
	free(line);
	finish(bar);
	ab_Destroy(bar);
	return 0;
}
