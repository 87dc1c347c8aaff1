/*
 * wav.h — a minimal WAV file writer (RIFF, 8 kHz 16-bit mono PCM) for the
 * sim switch's recordings. The header goes out first with zero sizes and
 * is completed by wav_close().
 */
#ifndef CALLCLOUD_SIM_WAV_H
#define CALLCLOUD_SIM_WAV_H

#include <stdint.h>

#define WAV_RATE 8000   /* samples a second */

struct wav;

/* Creates (or truncates) path. The object is freed with mem_deref. */
int wav_create(struct wav **wavp, const char *path);
/* Appends silence; EFBIG when the file would pass the 4 GiB RIFF limit
 * (what fits is written). */
int wav_write_silence(struct wav *wav, uint64_t samples);
/* Completes the header and closes the file (EINVAL if already closed). */
int wav_close(struct wav *wav);

#endif
