/*
 * goertzel.h — tone detection for media tests: the power of one
 * frequency in a block of 8 kHz 16-bit samples (Goertzel algorithm), used
 * on what test phones heard and on recordings.
 */
#ifndef TEST_GOERTZEL_H
#define TEST_GOERTZEL_H

#include <stddef.h>
#include <stdint.h>

#define GOERTZEL_RATE 8000

/* Mean power of the component at hz in x[0..n): a sine of amplitude A
 * gives A^2 / 2 whatever n is, so windows of any length compare. */
double goertzel_power(const int16_t *x, size_t n, double hz);
/* Share of the energy of x[0..n) at hz (1.0: a pure tone at hz). */
double goertzel_share(const int16_t *x, size_t n, double hz);

#endif
