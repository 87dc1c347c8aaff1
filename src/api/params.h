/*
 * params.h — typed, declarative validation of a method's "params" object.
 *
 * Each method lists its parameters once (struct pspec); params_parse()
 * checks the whole object against the list before the handler runs, so a
 * handler only sees well-typed values. Keys match case-insensitively
 * because the manual spells some both ways (AgentID / agentID, skill /
 * Skill); an exact-case key wins over a differently cased duplicate.
 * Unknown keys are ignored, so newer clients can talk to this server.
 */
#ifndef CALLCLOUD_API_PARAMS_H
#define CALLCLOUD_API_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

enum ptype {
	PT_STR,    /* JSON string */
	PT_INT,    /* JSON integer in [min, max] */
	PT_BOOL,   /* true/false or the integers 0/1 */
	PT_OBJ,    /* JSON object (e.g. Sim.InboundCall data) */
	PT_ARR,    /* JSON array (e.g. Monitor.Subscribe skills) */
};

struct pspec {
	const char *name;
	enum ptype type;
	bool required;
	size_t maxlen;     /* PT_STR: most bytes allowed; 0 = no limit */
	int toolong;       /* PT_STR over maxlen: 0 = JSON-RPC -32602, else
			      the AcResultT to answer (e.g. ArInvalidParam) */
	long long min, max; /* PT_INT */
	long long def;      /* PT_INT / PT_BOOL value when absent */
};

enum { PARAMS_MAX = 12 };

/* The JSON-RPC codes params_parse() returns (rpc.h has the full list). */
enum { PARAMS_INVALID = -32602, PARAMS_INTERNAL = -32603 };

struct pval {
	bool set;          /* present in the request */
	const char *s;     /* PT_STR: borrowed from the request, "" absent */
	long long i;       /* PT_INT, PT_BOOL (0/1) */
	json_t *j;         /* PT_OBJ, PT_ARR: borrowed, NULL absent */
};

/* Case-insensitive member lookup (exact case first). */
json_t *params_get(const json_t *obj, const char *name);

/* params may be NULL (absent) or an object. Fills out[i] for spec[i].
 * Returns 0; PARAMS_INVALID (-32602) with a message naming the
 * parameter; or a positive AcResultT from a spec's toolong. */
int params_parse(const json_t *params, const struct pspec *spec,
		 struct pval *out, char *msg, size_t msgsize);

/* Calls h for each item of a list separated by ',' or ';' (the manual
 * uses both), spaces around items dropped, empty items and items longer
 * than 4096 bytes skipped. */
void params_list_foreach(const char *list,
			 void (*h)(const char *item, void *arg), void *arg);

#endif
