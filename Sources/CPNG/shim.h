// libpng (and zlib) from Debian's libpng-dev: the workbench writes image grids as PNG files.
#include <png.h>
#include <zlib.h>
