/*
 * bar.c — the life of an AgentBar: ab_Create / ab_Destroy, the handlers
 * (ab_SetEvents), and the two methods that open and close the link to the
 * CTI server, Initial (3.2.1) and UnInitial (3.2.2), with the integrated
 * softphone when IsSIPPhone is 1 (phone.c).
 */
#include <stdlib.h>

#include "bar.h"
#include "timers.h"

static const struct abi_timers default_timers = {
	.heartbeat_ms = 10000,
	.heartbeat_misses = 3,
	.backoff_min_ms = 200,
	.backoff_max_ms = 5000,
};

AgentBar *ab_Create(void)
{
	AgentBar *bar = calloc(1, sizeof(*bar));

	if (!bar)
		return NULL;
	abi_props_init(bar);
	bar->timers = default_timers;
	if (pthread_mutex_init(&bar->lifecycle, NULL))
		goto fail_lifecycle;
	if (pthread_mutex_init(&bar->mu, NULL))
		goto fail_mu;
	if (pthread_mutex_init(&bar->phone_mu, NULL))
		goto fail_phone_mu;
	if (abi_conn_init(bar))
		goto fail_conn;
	if (abi_evq_init(bar))
		goto fail_evq;
	return bar;

fail_evq:
	abi_conn_destroy(bar);
fail_conn:
	pthread_mutex_destroy(&bar->phone_mu);
fail_phone_mu:
	pthread_mutex_destroy(&bar->mu);
fail_mu:
	pthread_mutex_destroy(&bar->lifecycle);
fail_lifecycle:
	free(bar);
	return NULL;
}

void ab_Destroy(AgentBar *bar)
{
	if (!bar)
		return;
	if (abi_in_callback()) {
		/* the event thread cannot join itself, nor can ab_Dispatch
		 * return into a freed bar */
		abi_log(bar, ABI_ERROR, "ab_Destroy inside an event callback "
			"is refused; call it after the callback returns");
		return;
	}
	if (ab_GetIsInitial(bar))
		ab_UnInitial(bar);
	abi_evq_destroy(bar);
	abi_conn_destroy(bar);
	abi_props_free(bar);
	json_decref(bar->signin_params);
	pthread_mutex_destroy(&bar->phone_mu);
	pthread_mutex_destroy(&bar->mu);
	pthread_mutex_destroy(&bar->lifecycle);
	free(bar);
}

void ab_SetEvents(AgentBar *bar, const AgentBarEvents *events, void *ctx)
{
	static const AgentBarEvents none;

	if (!bar)
		return;
	pthread_mutex_lock(&bar->mu);
	bar->events = events ? *events : none;
	bar->ctx = ctx;
	pthread_mutex_unlock(&bar->mu);
}

void abi_set_timers(AgentBar *bar, int heartbeat_ms, int heartbeat_misses,
		    int backoff_min_ms, int backoff_max_ms)
{
	if (!bar || heartbeat_ms < 1 || heartbeat_misses < 1 ||
	    backoff_min_ms < 1 || backoff_max_ms < backoff_min_ms)
		return;
	bar->timers.heartbeat_ms = heartbeat_ms;
	bar->timers.heartbeat_misses = heartbeat_misses;
	bar->timers.backoff_min_ms = backoff_min_ms;
	bar->timers.backoff_max_ms = backoff_max_ms;
}

long long ab_CTITimeOffset(AgentBar *bar)
{
	long long v;

	if (!bar)
		return 0;
	pthread_mutex_lock(&bar->mu);
	v = bar->cti_offset_us;
	pthread_mutex_unlock(&bar->mu);
	return v;
}

int ab_Initial(AgentBar *bar)
{
	bool initialised;
	long sip;
	int rc;

	if (!bar)
		return AGENTBARERROR_BAR_UNINITIAL;
	pthread_mutex_lock(&bar->lifecycle);
	pthread_mutex_lock(&bar->mu);
	initialised = bar->initialised;
	sip = bar->num[ABI_L_IsSIPPhone];
	pthread_mutex_unlock(&bar->mu);
	if (initialised) {
		rc = AGENTBARERROR_BAR_INITIAL;
	} else {
		/* the phone first: its port taken is the SDK's failure */
		rc = sip ? abi_phone_start(bar) : 0;
		rc = rc ? rc : abi_conn_open(bar);
		if (rc && sip)
			abi_phone_stop(bar);
	}
	if (!rc) {
		pthread_mutex_lock(&bar->mu);
		bar->initialised = true;
		bar->signed_in = false;
		bar->status = AsUnLoginState;
		bar->shown_status = AsUnLoginState;
		pthread_mutex_unlock(&bar->mu);
	}
	pthread_mutex_unlock(&bar->lifecycle);
	abi_set_last_error(bar, rc);
	abi_log(bar, rc ? ABI_ERROR : ABI_TRACE, "Initial -> %d %s", rc,
		ab_ResultName(rc));
	return rc;
}

int ab_UnInitial(AgentBar *bar)
{
	bool initialised, signed_in;
	int rc = 0;

	if (!bar)
		return AGENTBARERROR_BAR_UNINITIAL;
	pthread_mutex_lock(&bar->lifecycle);
	pthread_mutex_lock(&bar->mu);
	initialised = bar->initialised;
	signed_in = bar->signed_in;
	pthread_mutex_unlock(&bar->mu);
	if (!initialised) {
		rc = AGENTBARERROR_BAR_UNINITIAL;
	} else {
		/* Without it the server would keep routing calls to the
		 * agent until its heartbeat timeout. */
		if (signed_in)
			ab_SignOut(bar);
		abi_conn_close(bar);
		rc = abi_phone_stop(bar);
		pthread_mutex_lock(&bar->mu);
		bar->initialised = false;
		bar->signed_in = false;
		bar->status = AsUnknownState;
		bar->shown_status = AsUnknownState;
		json_decref(bar->signin_params);
		bar->signin_params = NULL;
		pthread_mutex_unlock(&bar->mu);
	}
	pthread_mutex_unlock(&bar->lifecycle);
	abi_set_last_error(bar, rc);
	abi_log(bar, rc ? ABI_WARN : ABI_TRACE, "UnInitial -> %d %s", rc,
		ab_ResultName(rc));
	return rc;
}
