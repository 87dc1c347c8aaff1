/*
 * wav.h — the recorder's WAV writer: 8 kHz 16-bit stereo PCM, the header
 * finalised when the object is freed.
 */
#ifndef CALLCLOUD_MEDIA_WAV_H
#define CALLCLOUD_MEDIA_WAV_H

#include <stddef.h>
#include <stdint.h>

struct wavrec;

/* Creates (or truncates) path; mem_deref completes the header and closes
 * the file. */
int wavrec_open(struct wavrec **wp, const char *path);
/* Appends n frames: left[i] then right[i]. EFBIG past the 4 GiB RIFF
 * limit, EIO on a write error. */
int wavrec_write(struct wavrec *w, const int16_t *left,
		 const int16_t *right, size_t n);

#endif
