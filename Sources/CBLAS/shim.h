#pragma once
// Debian's openblas-pthread cblas.h, found through pkg-config's -I (docs/platform.md §2).
// It also declares openblas_set_num_threads / openblas_get_num_threads / openblas_get_corename.
#include <cblas.h>
