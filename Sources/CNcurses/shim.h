#pragma once
// Wide-character ncurses for Swift 6 (docs/platform.md §1). The wide API exists only with
// NCURSES_WIDECHAR; global C state and attribute macros are reached through accessors because
// Swift 6 rejects references to mutable globals and cannot import NCURSES_BITS() expressions.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <term.h>

static inline WINDOW *tui_stdscr(void) { return stdscr; }
static inline int tui_colors(void) { return COLORS; }
static inline int tui_color_pairs(void) { return COLOR_PAIRS; }
static inline int tui_lines(void) { return LINES; }
static inline int tui_cols(void) { return COLS; }
static inline void tui_set_escdelay(int ms) { set_escdelay(ms); }

static const attr_t TUI_A_NORMAL = A_NORMAL;
static const attr_t TUI_A_BOLD = A_BOLD;
static const attr_t TUI_A_DIM = A_DIM;
static const attr_t TUI_A_REVERSE = A_REVERSE;
static const attr_t TUI_A_UNDERLINE = A_UNDERLINE;
static const attr_t TUI_A_ITALIC = A_ITALIC;
static const attr_t TUI_A_STANDOUT = A_STANDOUT;
static const attr_t TUI_A_COLOR = A_COLOR;

static inline int tui_key_f(int n) { return KEY_F(n); }

/// Draws one wide character with an extended (int) colour pair: the only way past 256 pairs.
static inline int tui_mvadd_wch_ext(int y, int x, wchar_t ch, attr_t attr, int pair) {
    cchar_t cc; wchar_t s[2] = { ch, 0 };
    if (setcchar(&cc, s, attr, 0, &pair) == ERR) return ERR;
    return mvadd_wch(y, x, &cc);
}
static inline int tui_attr_set_ext(attr_t attr, int pair) { return attr_set(attr, 0, &pair); }
static inline SCREEN *tui_newterm(const char *term) { return newterm(term, stdout, stdin); }

// ---- Terminal layer additions -------------------------------------------------------------
// (Identifiers below avoid term.h's capability macros such as `lines` and `columns`.)

/// Newterm on explicit streams: the benchmark drives a pseudo-terminal it opened itself.
static inline SCREEN *tui_newterm_files(const char *term, FILE *out, FILE *in) { return newterm(term, out, in); }
static inline FILE *tui_stdout(void) { return stdout; }
static inline FILE *tui_stdin(void) { return stdin; }

/// What the terminfo database says about a terminal, read with setupterm and released again,
/// so the decision (reject, truecolor, 256, ...) is made before anything is written to the tty.
typedef struct {
    int status;      // setupterm's errret: 1 found, 0 not found / generic, -1 no database
    int rgb;         // the RGB capability (flag, number or string) is present: direct colour
    int colours;     // tigetnum("colors"), or -1
    int cursor_addr; // cup exists: the terminal can address the cursor
} tui_terminfo_facts;

static inline tui_terminfo_facts tui_probe_terminfo(const char *name, int fd) {
    tui_terminfo_facts f = { 0, 0, -1, 0 };
    int err = 0;
    TERMINAL *saved = cur_term;
    set_curterm(NULL);
    if (setupterm(name, fd, &err) != OK) { f.status = err; set_curterm(saved); return f; }
    f.status = 1;
    int flag = tigetflag("RGB");
    int num = tigetnum("RGB");
    char *str = tigetstr("RGB");
    f.rgb = flag == 1 || num > 0 || (str != NULL && str != (char *)-1);
    f.colours = tigetnum("colors");
    char *cup = tigetstr("cup");
    f.cursor_addr = cup != NULL && cup != (char *)-1;
    TERMINAL *probed = cur_term;
    set_curterm(saved);
    del_curterm(probed);
    return f;
}

// Mouse masks are NCURSES_MOUSE_MASK() expressions: not importable, so exported as constants.
static const mmask_t TUI_ALL_MOUSE_EVENTS = ALL_MOUSE_EVENTS;
static const mmask_t TUI_BUTTON1_PRESSED = BUTTON1_PRESSED;
static const mmask_t TUI_BUTTON1_RELEASED = BUTTON1_RELEASED;
static const mmask_t TUI_BUTTON1_CLICKED = BUTTON1_CLICKED;
static const mmask_t TUI_BUTTON2_PRESSED = BUTTON2_PRESSED;
static const mmask_t TUI_BUTTON2_RELEASED = BUTTON2_RELEASED;
static const mmask_t TUI_BUTTON2_CLICKED = BUTTON2_CLICKED;
static const mmask_t TUI_BUTTON3_PRESSED = BUTTON3_PRESSED;
static const mmask_t TUI_BUTTON3_RELEASED = BUTTON3_RELEASED;
static const mmask_t TUI_BUTTON3_CLICKED = BUTTON3_CLICKED;
static const mmask_t TUI_BUTTON4_PRESSED = BUTTON4_PRESSED;
static const mmask_t TUI_BUTTON5_PRESSED = BUTTON5_PRESSED;

#include <sys/ioctl.h>
#include <langinfo.h>
/// ioctl is variadic, so Swift cannot call it: set a tty's size (for a pty we opened ourselves).
static inline int tui_set_winsize(int fd, unsigned short rows_, unsigned short cols_) {
    struct winsize ws = { rows_, cols_, 0, 0 };
    return ioctl(fd, TIOCSWINSZ, &ws);
}
/// The locale's character set ("UTF-8" when wide glyphs will come out right).
static inline const char *tui_codeset(void) { return nl_langinfo(CODESET); }
/// The glyph and pair at (y, x) of stdscr, read back for tests.
static inline int tui_cell_at(int y, int x, wchar_t *ch, int *pair) {
    cchar_t cc; wchar_t s[CCHARW_MAX + 1]; attr_t a; short p16 = 0;
    if (mvin_wch(y, x, &cc) == ERR) return ERR;
    *pair = 0;
    if (getcchar(&cc, s, &a, &p16, pair) == ERR) return ERR;
    *ch = s[0];
    return OK;
}
/// Pseudo-terminal calls are hidden behind _XOPEN_SOURCE in Glibc's Swift module: declared here.
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern char *ptsname(int fd);
static inline int tui_openpt(int flags) { return posix_openpt(flags); }
static inline int tui_grantpt(int fd) { return grantpt(fd); }
static inline int tui_unlockpt(int fd) { return unlockpt(fd); }
static inline char *tui_ptsname(int fd) { return ptsname(fd); }
