/*
 * mdtable.c — a table of a Markdown document, for tests generated from
 * the documentation (itest.h): its rows as arrays of cell strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "itest.h"

/* The cells of one "| a | b |" line, spaces around each cut off. */
static json_t *cells(char *line)
{
	json_t *row = json_array();
	char *p = line + 1, *bar;

	while ((bar = strchr(p, '|'))) {
		char *end = bar;

		while (*p == ' ')
			p++;
		while (end > p && end[-1] == ' ')
			end--;
		json_array_append_new(row, json_stringn(p, (size_t)(end - p)));
		p = bar + 1;
	}
	return row;
}

json_t *itest_md_table(const char *path, const char *heading)
{
	FILE *f = fopen(path, "r");
	json_t *rows = json_array();
	char line[4096];
	bool under = false, header = false;
	int seen = 0;

	if (!f)
		fail_msg("cannot read %s", path);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!under) {
			under = !strcmp(line, heading);
			continue;
		}
		if (line[0] != '|') {
			if (header)
				break;   /* the table has ended */
			continue;
		}
		header = true;
		if (seen++ >= 2)   /* after the header and the --- line */
			json_array_append_new(rows, cells(line));
	}
	fclose(f);
	if (!json_array_size(rows))
		fail_msg("%s: no table under \"%s\"", path, heading);
	return rows;
}
