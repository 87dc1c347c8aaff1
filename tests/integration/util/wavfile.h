/*
 * wavfile.h — reading 16-bit PCM WAV files in integration tests: what a
 * test phone heard (baresip's sndfile dumps, mono) and the daemon's call
 * recordings (stereo). A file still being written, whose header does not
 * give the final sizes yet, is read up to its last whole frame. And
 * silence or a tone to play.
 */
#ifndef WAVFILE_H
#define WAVFILE_H

#include <stddef.h>
#include <stdint.h>

struct wavfile {
	unsigned channels;
	unsigned rate;
	size_t frames;
	size_t data_offset;    /* where the samples start in the file */
	int16_t *samples;      /* interleaved, malloc()ed */
};

/* 0, or an errno value (EINVAL: not a 16-bit PCM WAV). */
int  wavfile_read(struct wavfile *w, const char *path);
void wavfile_free(struct wavfile *w);
/* Frames [from, from + n) of channel ch into out; the caller checks that
 * from + n <= w->frames and ch < w->channels. */
void wavfile_channel(const struct wavfile *w, unsigned ch, size_t from,
		     size_t n, int16_t *out);
/* seconds of 16-bit mono zeros at rate; 0 or an errno value. */
int  wavfile_write_silence(const char *path, unsigned rate,
			   unsigned seconds);
/* seconds of a 16-bit mono sine at hz; 0 or an errno value. */
int  wavfile_write_tone(const char *path, unsigned rate, unsigned seconds,
			double hz, int16_t amplitude);

#endif
