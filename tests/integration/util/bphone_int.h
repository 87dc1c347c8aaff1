/*
 * bphone_int.h — what the files of the baresip test phone share: the
 * phone (its process, its ctrl_tcp connection, its listening window).
 */
#ifndef BPHONE_INT_H
#define BPHONE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>
#include "bphone.h"

enum {
	BPHONE_POLL_MS = 20,
	BPHONE_CTL_PORT = 2,      /* ctrl_tcp listens on base + this */
};

struct bphone {
	pid_t pid;
	char dir[64];
	char log[96];          /* dir/baresip.log: its stdout and stderr */
	char user[64];
	uint16_t sip_port;     /* the daemon's (its TLS port with tls) */
	bool tls;              /* dials with ;transport=tls */
	uint16_t base;         /* its block of ports (bphone.c) */
	int ctl;               /* ctrl_tcp connection, -1 if none */
	char *buf;             /* what ctrl_tcp sent, not parsed yet */
	size_t len, cap;
	bool eof;
	json_t *events;        /* queued events, oldest first */
	unsigned token;
	char win_file[256];    /* newest dump when the window opened */
	off_t win_bytes;       /* its size then */
};

/* bphone_ctl.c: ctrl_tcp (JSON netstrings, answers matched by token) */
bool    bphone_ctl_connect(struct bphone *p);
void    bphone_ctl_close(struct bphone *p);
/* The answer to command (new reference), NULL after deadline or EOF. */
json_t *bphone_ctl_command(struct bphone *p, const char *command,
			   const char *params, int64_t deadline);

#endif
