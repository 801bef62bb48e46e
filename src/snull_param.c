// SPDX-License-Identifier: GPL-2.0
/*
 * snull_param.c -- validation of the module parameters
 *
 * Pure logic shared with the userspace unit tests: it turns the text of a
 * parameter into a value or into a message naming what is wrong.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#endif
#include "snull_pure.h"

static const char * const snull_mode_names[] = {
	[SNULL_MODE_SNULL] = "snull",
	[SNULL_MODE_PAIR] = "pair",
};

const char *snull_mode_name(enum snull_mode mode)
{
	if ((unsigned int)mode >= ARRAY_SIZE(snull_mode_names))
		return "?";
	return snull_mode_names[mode];
}

int snull_parse_mode(const char *val, enum snull_mode *mode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(snull_mode_names); i++) {
		if (sysfs_streq(val, snull_mode_names[i])) {
			*mode = i;
			return 0;
		}
	}
	return -EINVAL;
}

int snull_parse_uint_param(const struct snull_uint_param *p, const char *val,
			   unsigned int *out, char *err, size_t errlen)
{
	unsigned int v;

	if (!val || kstrtouint(val, 0, &v)) {
		snprintf(err, errlen, "%s='%s' is not an unsigned number",
			 p->name, val ? val : "");
		return -EINVAL;
	}
	if (v < p->min || v > p->max) {
		snprintf(err, errlen, "%s=%u is out of range [%u..%u]",
			 p->name, v, p->min, p->max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}
