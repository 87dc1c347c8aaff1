/*
 * files.c — the web toolbar's static files from [http] web_root: the pages
 * (/ the toolbar, /monitor the wallboard, /admin the console), agentbar.js
 * and what they load.
 *
 * A path is served only if it is plain: segments of [A-Za-z0-9._-] not
 * starting with a dot, so "..", "%2e%2e", "\" and hidden files never reach
 * the file system; then the resolved real path must still lie under the
 * root, which stops symlinks pointing out of it. Anything else is 404, the
 * same as a file that is not there, so probing learns nothing.
 *
 * Files are revalidated on every load (no-cache + ETag): a new toolbar is
 * live at the next page load, and an unchanged one costs a 304.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "api/api_int.h"
#include "log.h"

enum { FILE_MAX_BYTES = 4 * 1024 * 1024 };

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".ts", "text/plain; charset=utf-8"},
	{".txt", "text/plain; charset=utf-8"},
	{".md", "text/markdown; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
};

/* The pages have names without .html. */
static const struct {
	const char *path;
	const char *file;
} pages[] = {
	{"/", "index.html"},
	{"/monitor", "monitor.html"},
	{"/admin", "admin.html"},
};

static const char *content_type(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && !strcmp(name + n - e, types[i].ext))
			return types[i].type;
	}
	return "application/octet-stream";
}

/* Copies a plain relative path (see the top) into out; false if not. */
static bool plain_path(const struct pl *path, char *out, size_t size)
{
	bool seg_start = true;

	if (path->l < 2 || path->p[0] != '/' || path->l >= size)
		return false;
	for (size_t i = 1; i < path->l; i++) {
		char c = path->p[i];

		if (c == '/') {
			if (seg_start)
				return false;   /* "//" or a trailing "/" */
			seg_start = true;
			continue;
		}
		if (seg_start && c == '.')
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
		seg_start = false;
	}
	if (seg_start)
		return false;
	memcpy(out, path->p + 1, path->l - 1);
	out[path->l - 1] = 0;
	return true;
}

static const char *page_file(const struct pl *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(pages); i++) {
		if (!pl_strcmp(path, pages[i].path))
			return pages[i].file;
	}
	return NULL;
}

int files_root(struct api *api, const char *dir)
{
	if (!realpath(dir, api->web_root)) {
		int err = errno;

		api->web_root[0] = 0;
		log_warn("web_root %s: %s; the web toolbar is not served", dir,
			 strerror(err));
		return err;
	}
	return 0;
}

/* An open regular file under the root, or -1 (errno set). */
static int open_under_root(const struct api *api, const char *rel,
			   struct stat *st)
{
	char want[PATH_MAX], real[PATH_MAX];
	size_t rl = strlen(api->web_root);
	int fd;

	if (!rl || re_snprintf(want, sizeof(want), "%s/%s", api->web_root,
			       rel) < 0)
		return errno = ENOENT, -1;
	if (!realpath(want, real))
		return -1;
	if (strncmp(real, api->web_root, rl) || real[rl] != '/')
		return errno = ENOENT, -1;
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) || !S_ISREG(st->st_mode) ||
	    st->st_size > FILE_MAX_BYTES) {
		close(fd);
		return errno = ENOENT, -1;
	}
	return fd;
}

/* The whole file (size bytes) into a new buffer, or NULL. */
static char *read_all(int fd, size_t size)
{
	char *buf = mem_alloc(size ? size : 1, NULL);
	size_t got = 0;

	while (buf && got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n <= 0)
			buf = mem_deref(buf);
		else
			got += (size_t)n;
	}
	return buf;
}

static bool etag_matches(const struct http_msg *msg, const char *etag)
{
	const struct http_hdr *h = http_msg_hdr(msg, HTTP_HDR_IF_NONE_MATCH);

	return h && !pl_strcmp(&h->val, etag);
}

void files_serve(struct api *api, struct http_conn *hc,
		 const struct http_msg *msg)
{
	bool head = !pl_strcmp(&msg->met, "HEAD");
	char rel[256], etag[64];
	const char *page = page_file(&msg->path);
	struct stat st;
	char *body = NULL;
	int fd;

	if (!head && pl_strcmp(&msg->met, "GET")) {
		http_ereply(hc, 405, "Method Not Allowed");
		return;
	}
	if (page)
		str_ncpy(rel, page, sizeof(rel));
	else if (!plain_path(&msg->path, rel, sizeof(rel))) {
		http_ereply(hc, 404, "Not Found");
		return;
	}
	fd = open_under_root(api, rel, &st);
	if (fd < 0) {
		http_ereply(hc, 404, "Not Found");
		return;
	}
	re_snprintf(etag, sizeof(etag), "\"%llx-%llx\"",
		    (unsigned long long)st.st_size,
		    (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
		    (unsigned long long)st.st_mtim.tv_nsec);
	if (etag_matches(msg, etag)) {
		close(fd);
		http_reply(hc, 304, "Not Modified", "ETag: %s\r\n%H"
			   "Content-Length: 0\r\n\r\n", etag,
			   http_security_headers, api);
		return;
	}
	if (!head)
		body = read_all(fd, st.st_size);
	close(fd);
	if (!head && !body) {
		http_ereply(hc, 500, "Internal Server Error");
		return;
	}
	http_reply(hc, 200, "OK",
		   "Content-Type: %s\r\n"
		   "Content-Length: %lld\r\n"
		   "ETag: %s\r\n"
		   "Cache-Control: no-cache\r\n"
		   "%H"
		   "\r\n"
		   "%b",
		   content_type(rel), (long long)st.st_size, etag,
		   http_security_headers, api, body,
		   head ? (size_t)0 : (size_t)st.st_size);
	mem_deref(body);
}
