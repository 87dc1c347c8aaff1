/*
 * commands.c — the commands the `agentbar` CLI reads from stdin, one per
 * SDK method (help lists them), each printing its result as one line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { MAX_ARGS = 8 };

struct cmd;
typedef void (run_fn)(AgentBar *bar, const struct cmd *c, char **a, int n);

struct cmd {
	const char *name;
	const char *method;     /* the manual's name, printed with the result */
	int min, max;           /* number of arguments */
	bool tail;              /* the last argument is the rest of the line */
	const char *usage;
	run_fn *run;
	int (*f0)(AgentBar *);
	int (*f1)(AgentBar *, const char *);
	char *(*s0)(AgentBar *);
	char *(*s1)(AgentBar *, const char *);
};

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return *s && !*end && !errno && *out >= lo && *out <= hi;
}

static bool opt_long(char **a, int n, int i, long lo, long hi, long def,
		     long *out)
{
	if (i >= n) {
		*out = def;
		return true;
	}
	return parse_long(a[i], lo, hi, out);
}

static void usage_error(const struct cmd *c)
{
	out_line("error: usage: %s %s", c->name, c->usage);
}

static void print_string(AgentBar *bar, const char *method, char *s)
{
	if (!s) {
		out_line("%s: out of memory", method);
		return;
	}
	out_result(method, ab_LastError(bar), s);
	ab_FreeString(s);
}

static void run_f0(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	(void)a;
	(void)n;
	out_result(c->method, c->f0(bar), NULL);
}

static void run_f1(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	(void)n;
	out_result(c->method, c->f1(bar, a[0]), NULL);
}

static void run_s0(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	(void)a;
	(void)n;
	print_string(bar, c->method, c->s0(bar));
}

static void run_s1(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	(void)n;
	print_string(bar, c->method, c->s1(bar, a[0]));
}

static void run_status(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	long state;

	if (!parse_long(a[0], 0, AS_STATE_COUNT - 1, &state)) {
		usage_error(c);
		return;
	}
	out_result(c->method, ab_SetAgentStatus(bar, (int)state,
						n > 1 ? a[1] : ""), NULL);
}

/* GetAgentStatus / GetAgentNBySkill return a value, or >= 1000 */
static void print_value(AgentBar *bar, const char *method, int v,
			bool is_state)
{
	char text[64];

	if (v >= AGENTBARERROR_BGCC_CLIENTPROXYFAIL) {
		out_result(method, ab_LastError(bar), NULL);
		return;
	}
	snprintf(text, sizeof(text), "value=%d%s%s", v, is_state ? " " : "",
		 is_state ? ab_StatusName(v) : "");
	out_result(method, 0, text);
}

static void run_state(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	(void)a;
	(void)n;
	print_value(bar, c->method, ab_GetAgentStatus(bar), true);
}

static void run_nbyskill(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	(void)n;
	print_value(bar, c->method, ab_GetAgentNBySkill(bar, a[0]), false);
}

static void run_call(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	long type, offhook;

	if (!opt_long(a, n, 1, 0, 1, 1, &type) ||
	    !opt_long(a, n, 4, 0, 1, 0, &offhook)) {
		usage_error(c);
		return;
	}
	out_result(c->method, ab_MakeCall(bar, a[0], n > 2 ? a[2] : "",
					  n > 3 ? a[3] : "", (int)offhook,
					  (int)type), NULL);
}

static void run_consult(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	long type;

	if (!opt_long(a, n, 1, INT32_MIN, INT32_MAX, 0, &type)) {
		usage_error(c);
		return;
	}
	out_result(c->method, ab_Consult(bar, a[0], "", "", (int)type), NULL);
}

static void run_sst(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	long type, style;

	if (!opt_long(a, n, 1, 0, 2, 0, &type) ||
	    !opt_long(a, n, 2, 0, 1, 0, &style)) {
		usage_error(c);
		return;
	}
	out_result(c->method, ab_SingleStepTransfer(bar, a[0], "", "",
						    (int)style, (int)type),
		   NULL);
}

static void run_setdata(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	(void)n;
	out_result(c->method, ab_SetCallData(bar, a[0], a[1]), NULL);
}

/* Listen, Insert, SwitchInsertorListen: id [showANI] [showDest] */
static void run_join(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	int (*fn)(AgentBar *, const char *, const char *, const char *) =
		!strcmp(c->method, "Listen") ? ab_Listen :
		!strcmp(c->method, "Insert") ? ab_Insert :
		ab_SwitchInsertorListen;

	out_result(c->method, fn(bar, a[0], n > 1 ? a[1] : "",
				 n > 2 ? a[2] : ""), NULL);
}

static void run_synctime(AgentBar *bar, const struct cmd *c, char **a,
			 int n)
{
	char text[64];
	int rc = ab_SynchronizeCTITime(bar);

	(void)a;
	(void)n;
	snprintf(text, sizeof(text), "offset_us=%lld", ab_CTITimeOffset(bar));
	out_result(c->method, rc, rc ? NULL : text);
}

static void run_prompt(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	long code;

	(void)n;
	if (!parse_long(a[0], INT32_MIN, INT32_MAX, &code)) {
		usage_error(c);
		return;
	}
	print_string(bar, c->method, ab_GetPromptByErrorCode(bar, (int)code));
}

static void run_jump(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	char *end;
	long long id;

	(void)n;
	errno = 0;
	id = strtoll(a[0], &end, 10);
	if (!*a[0] || *end || errno) {
		usage_error(c);
		return;
	}
	out_result(c->method, (int)ab_JumptheQueue(bar, id), NULL);
}

static void run_transivr(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	long rc = n > 1 ? ab_TransIVREx(bar, a[0], a[1])
			: ab_TransIVR(bar, a[0]);

	out_result(c->method, (int)rc, NULL);
}

static void run_help(AgentBar *bar, const struct cmd *c, char **a, int n)
{
	(void)bar;
	(void)c;
	(void)a;
	(void)n;
	cmd_help();
}

#define F0(name, m, fn) {name, m, 0, 0, false, "", run_f0, .f0 = fn}
#define F1(name, m, arg, fn) {name, m, 1, 1, false, arg, run_f1, .f1 = fn}
#define S0(name, m, fn) {name, m, 0, 0, false, "", run_s0, .s0 = fn}
#define S1(name, m, arg, fn) {name, m, 1, 1, false, arg, run_s1, .s1 = fn}

static const struct cmd cmds[] = {
	F0("signin", "SignIn", ab_SignIn),
	F0("signout", "SignOut", ab_SignOut),
	F0("ready", "SetIdle", ab_SetIdle),
	F0("busy", "SetBusy", ab_SetBusy),
	{"rest", "SetRest", 1, 1, true, "<reason>", .run = run_f1, .f1 = ab_SetRest},
	{"status", "SetAgentStatus", 1, 2, true, "<state 0-19> [reason]",
	 .run = run_status},
	{"state", "GetAgentStatus", 0, 0, false, "", .run = run_state},
	F1("resetskill", "ResetSkill", "<skill=level,...>", ab_ResetSkill),
	F0("reset", "Reset", ab_Reset),
	{"call", "MakeCall", 1, 5, false,
	 "<dest> [type 0|1, default 1] [showANI] [showDest] [offhook 0|1]",
	 .run = run_call},
	F0("answer", "Answer", ab_Answer),
	F0("hangup", "ReleaseCall", ab_ReleaseCall),
	F0("hold", "Hold", ab_Hold),
	F0("retrieve", "Retrieve", ab_Retrieve),
	{"consult", "Consult", 1, 2, false, "<num> [type, default 0]",
	 .run = run_consult},
	F0("reconnect", "Reconnect", ab_Reconnect),
	F0("transfer", "Transfer", ab_Transfer),
	{"sst", "SingleStepTransfer", 1, 3, false,
	 "<num> [type 0|1|2, default 0] [style 0|1, default 0]", .run = run_sst},
	F0("conference", "Conference", ab_Conference),
	{"setdata", "SetCallData", 2, 2, true, "<key> <value>", .run = run_setdata},
	S1("getdata", "GetCallData", "<key>", ab_GetCallData),
	F1("forceout", "ForceOut", "<agentID>", ab_ForceOut),
	F1("forceidle", "ForceIdle", "<agentID>", ab_ForceIdle),
	F1("forcebusy", "ForceBusy", "<agentID>", ab_ForceBusy),
	{"listen", "Listen", 1, 3, false, "<agentID> [showANI] [showDest]",
	 .run = run_join},
	{"insert", "Insert", 1, 3, false, "<agentID> [showANI] [showDest]",
	 .run = run_join},
	{"switch", "SwitchInsertorListen", 1, 3, false,
	 "<agentID> [showANI] [showDest]", .run = run_join},
	F1("stoplisten", "StopListen", "<agentID>", ab_StopListen),
	F1("stopinsert", "StopInsert", "<agentID>", ab_StopInsert),
	F1("break", "Break", "<agentID>", ab_Break),
	F1("dtmf", "SendDTMF", "<digits>", ab_SendDTMF),
	F0("mute", "MuteOn", ab_MuteOn),
	F0("unmute", "MuteOff", ab_MuteOff),
	S1("details", "GetAgentDetailByAgentID", "<agentID>",
	   ab_GetAgentDetailByAgentID),
	S1("detailsdn", "GetAgentDetailByAgentDN", "<DN>",
	   ab_GetAgentDetailByAgentDN),
	S1("detailsids", "GetAgentDetailsByAgentIDs", "<id,id,...>",
	   ab_GetAgentDetailsByAgentIDs),
	S1("detailsdns", "GetAgentDetailsByAgentDNs", "<dn,dn,...>",
	   ab_GetAgentDetailsByAgentDNs),
	S0("record", "GetRecordFileName", ab_GetRecordFileName),
	S0("restreasons", "GetRestReason", ab_GetRestReason),
	{"nbyskill", "GetAgentNBySkill", 1, 1, false, "<skill>", .run = run_nbyskill},
	S1("skillagents", "GetAgentDetailsBySkill", "<skill>",
	   ab_GetAgentDetailsBySkill),
	S1("waiting", "GetSkillWaitingNumber", "<skill>",
	   ab_GetSkillWaitingNumber),
	S1("waitinfo", "GetSkillWaitingCallInfo", "<skill>",
	   ab_GetSkillWaitingCallInfo),
	S1("privq", "GetPrivateQueue", "<agentID>", ab_GetPrivateQueue),
	S0("sysinfo", "GetSysInfo", ab_GetSysInfo),
	S0("callingno", "GetCallingNo", ab_GetCallingNo),
	S0("orgcallingno", "GetOrgCallingNo", ab_GetOrgCallingNo),
	S0("calledno", "GetCalledNo", ab_GetCalledNo),
	S0("orgcalledno", "GetOrgCalledNo", ab_GetOrgCalledNo),
	{"synctime", "SynchronizeCTITime", 0, 0, false, "", .run = run_synctime},
	{"prompt", "GetPromptByErrorCode", 1, 1, false, "<code>", .run = run_prompt},
	{"jump", "JumptheQueue", 1, 1, false, "<requestId>", .run = run_jump},
	{"transivr", "TransIVR", 1, 1, false, "<num>", .run = run_transivr},
	{"transivrex", "TransIVREx", 2, 2, false, "<callerNum> <num>",
	 .run = run_transivr},
	{"help", "", 0, 0, false, "", .run = run_help},
	{"quit", "", 0, 0, false, "(sign out, close and exit)", .run = NULL},
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

void cmd_help(void)
{
	for (size_t i = 0; i < NCMDS; i++)
		out_line("  %-12s %-44s %s", cmds[i].name, cmds[i].usage,
			 cmds[i].method);
}

/* Split at blanks; with `tail` the max-th argument keeps its blanks. */
static int split(char *s, char **a, int max, bool tail)
{
	int n = 0;

	for (;;) {
		s += strspn(s, " \t");
		if (!*s || n == MAX_ARGS)
			return n;
		a[n++] = s;
		if (tail && n == max)
			return n;
		s += strcspn(s, " \t");
		if (*s)
			*s++ = 0;
	}
}

int cmd_run(AgentBar *bar, char *line)
{
	char *a[MAX_ARGS], *name;
	const struct cmd *c = NULL;
	size_t len = strcspn(line, "\r\n");
	int n;

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	line[len] = 0;
	line += strspn(line, " \t");
	if (!*line || *line == '#')
		return 0;
	name = line;
	line += strcspn(line, " \t");
	if (*line)
		*line++ = 0;
	for (size_t i = 0; i < NCMDS && !c; i++) {
		if (!strcmp(cmds[i].name, name))
			c = &cmds[i];
	}
	if (!c) {
		out_line("error: unknown command \"%s\" (try help)", name);
		return 0;
	}
	if (!c->run)
		return 1;
	n = split(line, a, c->max, c->tail);
	if (n < c->min || n > c->max) {
		usage_error(c);
		return 0;
	}
	c->run(bar, c, a, n);
	return 0;
}
