/*
 * cli.h — the parts of the `agentbar` command-line bar shared by its
 * files: printing (one line per result or event) and the command table.
 */
#ifndef AGENTBAR_CLI_H
#define AGENTBAR_CLI_H

#include "agentbar.h"

/* output.c: whole lines, from any thread, flushed at once */
void out_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `<method> -> <code> <ResultName> <prompt>` and, if given, the data */
void out_result(const char *method, int code, const char *data);
void out_events(AgentBarEvents *ev);

/* commands.c: run one input line; returns 1 when the user asked to quit */
int  cmd_run(AgentBar *bar, char *line);
void cmd_help(void);

#endif
