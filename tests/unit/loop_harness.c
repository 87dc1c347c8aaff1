/*
 * loop_harness.c — see loop_harness.h.
 */
#include "loop_harness.h"

static void stop(void *arg)
{
	(void)arg;
	re_cancel();
}

void loop_run_for(struct tmr *t, uint64_t ms)
{
	tmr_start(t, ms, stop, NULL);
	(void)re_main(NULL);
	tmr_cancel(t);
}
