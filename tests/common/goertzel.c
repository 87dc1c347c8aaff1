/*
 * goertzel.c — single-frequency power by the Goertzel algorithm (see
 * goertzel.h).
 */
#include <math.h>
#include "goertzel.h"

double goertzel_power(const int16_t *x, size_t n, double hz)
{
	double w = 2.0 * M_PI * hz / GOERTZEL_RATE;
	double coeff = 2.0 * cos(w);
	double s1 = 0, s2 = 0;
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		double s0 = x[i] + coeff * s1 - s2;

		s2 = s1;
		s1 = s0;
	}

	/* A sine of amplitude A over n samples gives (A n / 2)^2 here. */
	return 2.0 * (s1 * s1 + s2 * s2 - coeff * s1 * s2) /
	       ((double)n * n);
}

double goertzel_share(const int16_t *x, size_t n, double hz)
{
	double energy = 0;
	size_t i;

	for (i = 0; i < n; i++)
		energy += (double)x[i] * x[i];
	if (energy <= 0)
		return 0;

	/* The mean power of the whole block is energy / n. */
	return goertzel_power(x, n, hz) * n / energy;
}
