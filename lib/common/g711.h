/*
 * g711.h — ITU-T G.711 mu-law (PCMU) and A-law (PCMA) sample conversion.
 */
#ifndef CALLCLOUD_COMMON_G711_H
#define CALLCLOUD_COMMON_G711_H

#include <stddef.h>
#include <stdint.h>

uint8_t g711_lin2ulaw(int16_t pcm);
int16_t g711_ulaw2lin(uint8_t u);
uint8_t g711_lin2alaw(int16_t pcm);
int16_t g711_alaw2lin(uint8_t a);

/* Whole frames for an RTP payload type (0 PCMU, 8 PCMA); EINVAL for any
 * other type. */
int g711_decode(int pt, const uint8_t *in, int16_t *out, size_t n);
int g711_encode(int pt, const int16_t *in, uint8_t *out, size_t n);

#endif
