/*
 * loop_harness.h — libre's main loop in unit tests that drive a switch
 * over real sockets: run it for a while, or until a condition holds,
 * bounded so a test that waits in vain fails instead of hanging.
 */
#ifndef LOOP_HARNESS_H
#define LOOP_HARNESS_H

#include <stdint.h>
#include <re.h>

/* Runs the loop for ms, t being a timer of the caller's. */
void loop_run_for(struct tmr *t, uint64_t ms);

/* Runs the loop in steps of step_ms until cond holds, steps at most. */
#define LOOP_WAIT(t, cond, steps, step_ms) do {                        \
		int step_;                                             \
		for (step_ = 0; step_ < (steps) && !(cond); step_++)   \
			loop_run_for((t), (step_ms));                  \
	} while (0)

#endif
