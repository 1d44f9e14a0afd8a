#include "CShims.h"

#include <stddef.h>
#include <linux/fs.h>
#include <sys/ioctl.h>

int ember_blk_getsize64(int fd, uint64_t *bytes) { return ioctl(fd, BLKGETSIZE64, bytes); }

int ember_blk_sszget(int fd, int *bytes) { return ioctl(fd, BLKSSZGET, bytes); }
