/*
 * cli.h — the parts of the `agentbar` command-line bar shared by its
 * files: printing (one line per result or event) and the command table.
 */
#ifndef AGENTBAR_CLI_H
#define AGENTBAR_CLI_H

#include "agentbar.h"

/* The 19 state events with their AgentStatusT, and all 27 handlers of
 * AgentBarEvents: the line bar and the terminal toolbar expand them. */
#define AB_STATE_EVENT_LIST(X) \
	X(OnUnLogin, AsUnLoginState) X(OnReady, AsReadyState) \
	X(OnBusy, AsBusyState) X(OnRest, AsRestState) X(OnLock, AsLockState) \
	X(OnAlerting, AsAlertingState) \
	X(OnHarfAlerting, AsHalfAlertingState) \
	X(OnConnecting, AsConnectingState) X(OnConnected, AsConnectedState) \
	X(OnHarfConnected, AsHalfConnectedState) \
	X(OnInternalConnected, AsInternalConnectedState) \
	X(OnSuspended, AsSuspendedState) \
	X(OnConsultConnecting, AsConsultConnectingState) \
	X(OnConsultConnected, AsConsultConnectedState) \
	X(OnConference, AsConferenceState) X(OnMonitor, AsMonitorState) \
	X(OnInsert, AsInsertState) X(OnMonitored, AsMonitoredState) \
	X(OnInserted, AsInsertedState)
/* sets ev->OnX = on_OnX for every event */
#define AB_SET_HANDLERS(ev) do { \
	AB_STATE_EVENT_LIST(AB_SET_STATE_) \
	(ev)->OnBeginRecord = on_OnBeginRecord; \
	(ev)->OnEndRecord = on_OnEndRecord; \
	(ev)->OnInprivatequeue = on_OnInprivatequeue; \
	(ev)->OnOutprivatequeue = on_OnOutprivatequeue; \
	(ev)->OnCTIDisconnect = on_OnCTIDisconnect; \
	(ev)->OnMasterChanged = on_OnMasterChanged; \
	(ev)->OnOperationFailed = on_OnOperationFailed; \
	(ev)->OnBeforeOutCall = on_OnBeforeOutCall; \
} while (0)
#define AB_SET_STATE_(N, S) (ev)->N = on_##N;

/* output.c: whole lines, from any thread, flushed at once */
void out_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `<method> -> <code> <ResultName> <prompt>` and, if given, the data */
void out_result(const char *method, int code, const char *data);
void out_events(AgentBarEvents *ev);

/* commands.c: run one input line; returns 1 when the user asked to quit */
int  cmd_run(AgentBar *bar, char *line);
void cmd_help(void);

#endif
