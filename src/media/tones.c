/*
 * tones.c — tone generation. Every tone is a cycle of segments, each a
 * sine of one frequency (0 = silence); a leg's position in the cycle is
 * all the state, so switching tones or legs needs no buffers.
 *
 * MOH: a short arpeggio melody of our own (C major / A minor / F / G).
 * Ringback: 425 Hz, 1 s on, 4 s off (the ETSI/China cadence).
 * PROMPT: 600 Hz then 900 Hz, 200 ms each, then 600 ms silence.
 */
#include <math.h>
#include "media/tones.h"

#define RATE 8000u
#define AMPLITUDE 6000.0   /* about -15 dBFS: audible, no clipping */

struct segment {
	double hz;
	uint32_t samples;
};

#define MS(x) ((x) * RATE / 1000u)

static const struct segment moh[] = {
	{523.25, MS(300)}, {659.25, MS(300)}, {783.99, MS(300)},
	{659.25, MS(300)}, {440.00, MS(300)}, {523.25, MS(300)},
	{659.25, MS(300)}, {523.25, MS(300)}, {349.23, MS(300)},
	{440.00, MS(300)}, {523.25, MS(300)}, {440.00, MS(300)},
	{392.00, MS(300)}, {493.88, MS(300)}, {587.33, MS(600)},
	{0, MS(300)},
};

static const struct segment ringback[] = {
	{425.0, MS(1000)}, {0, MS(4000)},
};

static const struct segment prompt[] = {
	{600.0, MS(200)}, {900.0, MS(200)}, {0, MS(600)},
};

static const struct segment *cycle(enum sw_tone tone, size_t *n)
{
	switch (tone) {

	case SW_TONE_MOH:
		*n = sizeof(moh) / sizeof(moh[0]);
		return moh;

	case SW_TONE_RINGBACK:
		*n = sizeof(ringback) / sizeof(ringback[0]);
		return ringback;

	case SW_TONE_PROMPT:
		*n = sizeof(prompt) / sizeof(prompt[0]);
		return prompt;

	default:
		*n = 0;
		return NULL;
	}
}

static int16_t sample_at(const struct segment *seg, size_t nseg,
			 uint32_t pos)
{
	size_t i;

	for (i = 0; i < nseg; i++) {
		if (pos < seg[i].samples)
			break;
		pos -= seg[i].samples;
	}
	if (i == nseg || seg[i].hz == 0)
		return 0;

	/* A 4 ms fade at both ends of a note keeps the changes click-free. */
	double env = 1.0;
	uint32_t edge = MS(4);
	if (pos < edge)
		env = (double)pos / edge;
	else if (seg[i].samples - pos < edge)
		env = (double)(seg[i].samples - pos) / edge;

	return (int16_t)lrint(AMPLITUDE * env *
			      sin(2.0 * M_PI * seg[i].hz * pos / RATE));
}

void tone_fill(enum sw_tone tone, uint32_t *pos, int16_t *out, size_t n)
{
	const struct segment *seg;
	uint32_t total = 0;
	size_t nseg, i;

	seg = cycle(tone, &nseg);
	for (i = 0; i < nseg; i++)
		total += seg[i].samples;

	for (i = 0; i < n; i++) {
		out[i] = total ? sample_at(seg, nseg, *pos) : 0;
		if (total)
			*pos = (*pos + 1) % total;
	}
}
