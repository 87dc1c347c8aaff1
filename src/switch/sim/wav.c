/*
 * wav.c — writes 8 kHz 16-bit mono PCM WAV files: a 44-byte RIFF header,
 * then little-endian samples. Only what the sim switch needs (silence);
 * the real media engine has its own recorder.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <re.h>
#include "switch/sim/wav.h"

#define WAV_HEADER_SIZE 44
/* RIFF sizes are 32-bit and the RIFF size counts 36 header bytes too. */
#define WAV_DATA_MAX ((UINT32_MAX - 36u) & ~1u)

struct wav {
	FILE *f;
	uint32_t data_bytes;
};

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static int write_all(FILE *f, const void *p, size_t n)
{
	errno = 0;
	if (fwrite(p, 1, n, f) != n)
		return errno ? errno : EIO;
	return 0;
}

static int write_header(FILE *f, uint32_t data_bytes)
{
	uint8_t h[WAV_HEADER_SIZE];

	memcpy(h, "RIFF", 4);
	put_le32(h + 4, 36 + data_bytes);
	memcpy(h + 8, "WAVE", 4);
	memcpy(h + 12, "fmt ", 4);
	put_le32(h + 16, 16);              /* fmt chunk size */
	put_le16(h + 20, 1);               /* PCM */
	put_le16(h + 22, 1);               /* mono */
	put_le32(h + 24, WAV_RATE);
	put_le32(h + 28, WAV_RATE * 2);    /* bytes a second */
	put_le16(h + 32, 2);               /* bytes a sample frame */
	put_le16(h + 34, 16);              /* bits a sample */
	memcpy(h + 36, "data", 4);
	put_le32(h + 40, data_bytes);
	return write_all(f, h, sizeof(h));
}

static void wav_destructor(void *arg)
{
	struct wav *wav = arg;

	if (wav->f)
		fclose(wav->f);
}

int wav_create(struct wav **wavp, const char *path)
{
	struct wav *wav;
	int err;

	if (!wavp || !path || !*path)
		return EINVAL;
	wav = mem_zalloc(sizeof(*wav), wav_destructor);
	if (!wav)
		return ENOMEM;
	wav->f = fopen(path, "wb");
	if (!wav->f) {
		err = errno;
		mem_deref(wav);
		return err;
	}
	err = write_header(wav->f, 0);
	if (err) {
		mem_deref(wav);
		return err;
	}
	*wavp = wav;
	return 0;
}

int wav_write_silence(struct wav *wav, uint64_t samples)
{
	static const uint8_t zero[4096];
	uint64_t room, bytes;
	int err = 0;

	if (!wav || !wav->f)
		return EINVAL;
	room = WAV_DATA_MAX - wav->data_bytes;
	bytes = samples * 2;
	if (samples > room / 2) {
		bytes = room;
		err = EFBIG;
	}
	while (bytes) {
		size_t n = bytes < sizeof(zero) ? (size_t)bytes : sizeof(zero);
		int werr = write_all(wav->f, zero, n);

		if (werr)
			return werr;
		wav->data_bytes += (uint32_t)n;
		bytes -= n;
	}
	return err;
}

int wav_close(struct wav *wav)
{
	int err;

	if (!wav || !wav->f)
		return EINVAL;
	errno = 0;
	err = fseek(wav->f, 0, SEEK_SET) ? (errno ? errno : EIO) : 0;
	if (!err)
		err = write_header(wav->f, wav->data_bytes);
	errno = 0;
	if (fclose(wav->f) && !err)
		err = errno ? errno : EIO;
	wav->f = NULL;
	return err;
}
