/*
 * sip_sdes_test.c — RFC 4568 a=crypto lines (src/switch/sip/sdes.c): the
 * lines phones send are read, every malformed or unusable one is refused
 * with the right error (never a crash, never a partial key), and what we
 * print reads back the same.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <re.h>
#include "switch/sip/sdes.h"

/* 30 bytes: 0x00, 0x01, ... 0x1d */
#define KEY "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"

static void test_decode_ok(void **state)
{
	struct sdes_crypto c;
	(void)state;

	assert_int_equal(sdes_crypto_decode(&c, "1 AES_CM_128_HMAC_SHA1_80 "
					    "inline:" KEY), 0);
	assert_int_equal(c.tag, 1);
	assert_int_equal(c.suite, MEDIA_SRTP_SHA1_80);
	for (int i = 0; i < MEDIA_SRTP_KEY_SIZE; i++)
		assert_int_equal(c.key[i], i);

	/* _32, a lifetime in both forms, the longest tag */
	assert_int_equal(sdes_crypto_decode(&c, "999999999 "
					    "AES_CM_128_HMAC_SHA1_32 inline:"
					    KEY "|2^31"), 0);
	assert_int_equal(c.tag, 999999999);
	assert_int_equal(c.suite, MEDIA_SRTP_SHA1_32);
	assert_int_equal(sdes_crypto_decode(&c, "2 AES_CM_128_HMAC_SHA1_80 "
					    "inline:" KEY "|1048576"), 0);
}

/* Each of the n lines is refused with want. */
static void all_fail(const char *const *lines, size_t n, int want)
{
	struct sdes_crypto c;

	for (size_t i = 0; i < n; i++) {
		int err = sdes_crypto_decode(&c, lines[i]);

		if (err != want)
			fail_msg("\"%s\": %d, not %d", lines[i], err, want);
	}
}

static void test_decode_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"1",
		"1 AES_CM_128_HMAC_SHA1_80",
		"1 AES_CM_128_HMAC_SHA1_80 ",
		" 1 AES_CM_128_HMAC_SHA1_80 inline:" KEY,
		"1  AES_CM_128_HMAC_SHA1_80 inline:" KEY,
		"x AES_CM_128_HMAC_SHA1_80 inline:" KEY,
		"1234567890 AES_CM_128_HMAC_SHA1_80 inline:" KEY,
		"1 AES_CM_128_HMAC_SHA1_80 inline",
		"1 AES_CM_128_HMAC_SHA1_80 inline:",
		/* base64: a bad character, too short, too long, padded */
		"1 AES_CM_128_HMAC_SHA1_80 inline:AAECAwQFBgcICQoLDA0ODxAREhMU"
		"FRYXGBka*xwd",
		"1 AES_CM_128_HMAC_SHA1_80 inline:AAECAwQFBgcICQoLDA0O",
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY "AAAA",
		"1 AES_CM_128_HMAC_SHA1_80 inline:AAECAwQFBgcICQoLDA0ODxAREhMU"
		"FRYXGBkaGw==",
		/* lifetimes */
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY "|",
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY "|2^",
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY "|forever",
		/* not text */
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY "\r",
		"1 AES_CM_128_HMAC_SHA1_80\tinline:" KEY,
	};
	struct sdes_crypto c;
	(void)state;

	all_fail(bad, sizeof(bad) / sizeof(bad[0]), EBADMSG);
	assert_int_equal(sdes_crypto_decode(&c, NULL), EBADMSG);
	assert_int_equal(sdes_crypto_decode(NULL, "1 AES_CM_128_HMAC_SHA1_80 "
					    "inline:" KEY), EBADMSG);
}

/* Well-formed, but nothing we can key SRTP with. */
static void test_decode_unsupported(void **state)
{
	static const char *const other[] = {
		"1 AES_256_CM_HMAC_SHA1_80 inline:" KEY,
		"1 AEAD_AES_128_GCM inline:" KEY,
		"1 F8_128_HMAC_SHA1_80 inline:" KEY,
		"1 AES_CM_128_HMAC_SHA1_80 uri:" KEY,
		/* MKI (libre's SRTP has none), with or without a lifetime */
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY "|1:4",
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY "|2^20|1:4",
		/* two keys; session parameters */
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY ";inline:" KEY,
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY " KDR=1",
		"1 AES_CM_128_HMAC_SHA1_80 inline:" KEY " UNENCRYPTED_SRTP",
	};
	(void)state;

	all_fail(other, sizeof(other) / sizeof(other[0]), ENOTSUP);
}

static void test_line_too_long(void **state)
{
	char line[SDES_LINE_MAX + 64];
	struct sdes_crypto c;
	(void)state;

	memset(line, '1', sizeof(line) - 1);
	line[sizeof(line) - 1] = 0;
	assert_int_equal(sdes_crypto_decode(&c, line), EBADMSG);
}

/* Our line: a fresh key each time, printed so that it reads back. */
static void test_print_round_trip(void **state)
{
	struct sdes_crypto a = {.tag = 7, .suite = MEDIA_SRTP_SHA1_32}, b;
	struct sdes_crypto a2 = a;
	char line[128];
	(void)state;

	assert_int_equal(sdes_crypto_key(&a), 0);
	assert_int_equal(sdes_crypto_key(&a2), 0);
	assert_memory_not_equal(a.key, a2.key, sizeof(a.key));
	assert_true(re_snprintf(line, sizeof(line), "%H", sdes_crypto_print,
				&a) > 0);
	assert_int_equal(strncmp(line, "7 AES_CM_128_HMAC_SHA1_32 inline:",
				 33), 0);
	assert_int_equal(strlen(line), 33 + 40);
	assert_int_equal(sdes_crypto_decode(&b, line), 0);
	assert_int_equal(b.tag, 7);
	assert_int_equal(b.suite, MEDIA_SRTP_SHA1_32);
	assert_memory_equal(a.key, b.key, sizeof(a.key));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_ok),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_decode_unsupported),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_print_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
