/*
 * g711.c — G.711 companding. Both laws map 16-bit linear samples to 8-bit
 * codes with a sign bit, a 3-bit segment (exponent) and a 4-bit step;
 * mu-law inverts all bits on the wire, A-law inverts the even ones.
 */
#include <errno.h>
#include "g711.h"

#define ULAW_BIAS 0x84
#define ULAW_CLIP 32635

uint8_t g711_lin2ulaw(int16_t pcm)
{
	int32_t v = pcm;
	uint8_t sign = 0;
	int seg = 7;
	int32_t mask;

	if (v < 0) {
		v = -v;
		sign = 0x80;
	}
	if (v > ULAW_CLIP)
		v = ULAW_CLIP;
	v += ULAW_BIAS;
	for (mask = 0x4000; !(v & mask) && seg > 0; mask >>= 1)
		seg--;

	return (uint8_t)~(sign | (seg << 4) | ((v >> (seg + 3)) & 0x0f));
}

int16_t g711_ulaw2lin(uint8_t u)
{
	int32_t t;

	u = (uint8_t)~u;
	t = (((int32_t)u & 0x0f) << 3) + ULAW_BIAS;
	t <<= (u & 0x70) >> 4;

	return (int16_t)((u & 0x80) ? ULAW_BIAS - t : t - ULAW_BIAS);
}

uint8_t g711_lin2alaw(int16_t pcm)
{
	int32_t v = pcm >> 3;   /* A-law works on 13 bits */
	uint8_t mask;
	uint8_t aval;
	int seg;

	if (v >= 0) {
		mask = 0xd5;
	}
	else {
		mask = 0x55;
		v = -v - 1;
	}
	for (seg = 0; seg < 8 && v >= (0x20 << seg); seg++)
		;
	if (seg >= 8)
		return 0x7f ^ mask;

	aval = (uint8_t)(seg << 4);
	aval |= (uint8_t)((seg < 2 ? v >> 1 : v >> seg) & 0x0f);

	return aval ^ mask;
}

int16_t g711_alaw2lin(uint8_t a)
{
	int32_t t;
	int seg;

	a ^= 0x55;
	t = ((int32_t)a & 0x0f) << 4;
	seg = (a & 0x70) >> 4;
	if (seg == 0)
		t += 8;
	else
		t = (t + 0x108) << (seg - 1);

	return (int16_t)((a & 0x80) ? t : -t);
}

int g711_decode(int pt, const uint8_t *in, int16_t *out, size_t n)
{
	size_t i;

	if (pt != 0 && pt != 8)
		return EINVAL;
	for (i = 0; i < n; i++)
		out[i] = pt == 0 ? g711_ulaw2lin(in[i]) : g711_alaw2lin(in[i]);

	return 0;
}

int g711_encode(int pt, const int16_t *in, uint8_t *out, size_t n)
{
	size_t i;

	if (pt != 0 && pt != 8)
		return EINVAL;
	for (i = 0; i < n; i++)
		out[i] = pt == 0 ? g711_lin2ulaw(in[i]) : g711_lin2alaw(in[i]);

	return 0;
}
