/*
 * wavfmt.h — the RIFF WAVE format of 16-bit PCM, defined once for the
 * daemon's call recordings, the softphone's audio files and the tests'
 * readers: the 44-byte header, and the parse of a file held in memory.
 * Plain C (no libre), like the rest of lib/common.
 */
#ifndef CALLCLOUD_WAVFMT_H
#define CALLCLOUD_WAVFMT_H

#include <stddef.h>
#include <stdint.h>

enum { WAV_HEADER_SIZE = 44 };

/* RIFF sizes are 32-bit, and the RIFF size counts 36 header bytes too. */
#define WAV_DATA_MAX (UINT32_MAX - 36u)

struct wav_info {
	unsigned channels;
	uint32_t rate;
	size_t data_offset;   /* where the samples start */
	size_t frames;        /* whole frames present */
};

/* The canonical header for data_bytes of 16-bit PCM samples. */
void wav_header(uint8_t h[WAV_HEADER_SIZE], unsigned channels,
		uint32_t rate, uint32_t data_bytes);

/*
 * The format and the samples' place in a whole file b[0..len): 0, or
 * EINVAL when it is not 16-bit PCM WAV. A file still being written (its
 * data size 0 or larger than what is there) and one cut short count up to
 * their last whole frame.
 */
int wav_parse(const uint8_t *b, size_t len, struct wav_info *info);

/* Sample i of the data (interleaved frames), and the writer's side. */
int16_t wav_sample(const uint8_t *data, size_t i);
void wav_put_sample(uint8_t *data, size_t i, int16_t v);

#endif
