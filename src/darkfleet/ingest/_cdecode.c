/* The fast path of ingest in one compiled pass: frame and decode a block of AIS lines.
 *
 * `darkfleet.ingest._cdecode.decode_block` takes the block as the fast path joins it (one byte
 * buffer, each line's start and end) and makes, per line, the same decision as the NumPy fast
 * path (`_fast_frame`, `_fast_tags`, `_fast_trailing`, `_fast_fields`, `_fast_pairs`): which
 * lines it handles, and their rows. Rows come in line order. Every rule below names the NumPy
 * function it follows; tests/ingest/test_compiled.py runs both over the bundled files, the fuzz
 * corpus and generated lines and requires the same rows.
 *
 * Reads never leave the buffer: the caller pads it with PAD zero bytes at both ends, and every
 * look-ahead or look-back here stays within that pad of a line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define TEXT_CHARS 20
#define TEXT_ROOM 64 /* bytes a row of a text column may take: a source of MAX_VALUE_LEN */
#define MAX_VALUE_LEN 64
#define MS_THRESHOLD 100000000000LL
#define VOYAGE_CHARS 71
#define MAX_PAYLOAD 64 /* the longest single-sentence payload any layout accepts is 60 */

/* Columns of the output matrices (rows of the 2-D arrays the caller passes). */
enum { P_LINE, P_MMSI, P_TS, P_TYPE, P_KIND, P_NAV, P_NULLED, P_INTS };
enum { P_LAT, P_LON, P_SPEED, P_COURSE, P_HEADING, P_FLOATS };
enum { S_LINE, S_MMSI, S_TS, S_TYPE, S_PART, S_IMO, S_SHIP_TYPE, S_BOW, S_STERN, S_PORT,
       S_STARBOARD, S_INTS };
/* Text columns: of the static rows, then of the positions (kind and source). */
enum { T_CALLSIGN, T_SHIPNAME, T_DESTINATION, T_KIND, T_SOURCE, T_COLUMNS };
/* Bits of P_NULLED: values a range rule turned null. */
enum { NULLED_LON = 1, NULLED_LAT = 2, NULLED_COURSE = 4, NULLED_HEADING = 8 };

typedef struct {
    const uint8_t *buf;
    const int64_t *starts, *ends, *context;
    Py_ssize_t count;
    uint8_t *handled;
    int64_t *pos_i, *stat_i, *pair_second, *pair_key;
    double *pos_f, *stat_f;
    uint8_t *text;    /* T_COLUMNS x count x TEXT_ROOM bytes */
    int32_t *offsets; /* T_COLUMNS x (count + 1) */
    Py_ssize_t positions, statics, pairs;
} Block;

/* A framed line (`_fast_frame.Framed`, one row). */
typedef struct {
    int ok;
    int64_t payload_start, payload_len, fill_bits, total, number, key;
    int64_t ts_ms, own_ts_ms, source_start, source_len;
} Frame;

static int hex_value(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int printable(uint8_t c) { return c >= 32 && c <= 126; }

/* `_fast_tags.digits_value`: the value of `length` decimal digits, -1 unless 1-13 digits. */
static int64_t digits_value(const uint8_t *at, int64_t length) {
    if (length < 1 || length > 13) return -1;
    int64_t value = 0;
    for (int64_t k = 0; k < length; k++) {
        if (at[k] < '0' || at[k] > '9') return -1;
        value = value * 10 + (at[k] - '0');
    }
    return value;
}

static int64_t epoch_ms(int64_t seconds_or_ms) {
    return seconds_or_ms > MS_THRESHOLD ? seconds_or_ms : seconds_or_ms * 1000;
}

/* `_fast_tags.value_lengths`: bytes up to the first `,` or `*` (-1: none in 65 bytes). */
static int64_t value_length(const uint8_t *at) {
    for (int64_t k = 0; k <= MAX_VALUE_LEN; k++)
        if (at[k] == ',' || at[k] == '*') return k;
    return -1;
}

/* `_fast_frame.tag_block_ends`: the closing backslash of the tag block from `start`, -1 when
 * the line has none; 0 when it is not valid. */
static int tag_block_end(const uint8_t *buf, int64_t start, int64_t end, int64_t *close) {
    *close = -1;
    if (buf[start] != '\\') return 1;
    const uint8_t *found = memchr(buf + start + 1, '\\', (size_t)(end - start - 1));
    if (found == NULL || found - buf < start + 4) return 0;
    int64_t at = found - buf;
    if (buf[at - 3] != '*' || hex_value(buf[at - 2]) < 0 || hex_value(buf[at - 1]) < 0) return 0;
    *close = at;
    return 1;
}

/* `_fast_tags._general_tags` (which also decides the forms `_simple_tags` reads): `k:value`
 * fields with one-character keys, no `g:`, at most one `c:` (1-13 digits) and one `s:`, every
 * byte printable. Returns validity; sets the time and source. */
static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

/* The value of the eight decimal digits at `p`, -1 when a byte is not a digit: the eight bytes
 * at once (a loop of ten digits was a third of the framing's time, each step waiting for the
 * last). Digits pair up into hundreds, then into ten-thousands, then into the whole. */
static int64_t eight_digits(const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, 8);
    if ((v & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL ||
        ((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL)
        return -1;
    v -= 0x3030303030303030ULL;
    v = v * 10 + (v >> 8); /* each even byte: two digits' value */
    v = ((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
         ((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32))) >> 32;
    return (int64_t)v;
#else
    int64_t value = 0;
    for (int k = 0; k < 8; k++) {
        if (!is_digit(p[k])) return -1;
        value = value * 10 + (p[k] - '0');
    }
    return value;
#endif
}

/* The common forms `\\c:<10 digits>*hh\\` and `\\s:<source>,c:<10 digits>*hh\\` (source 1-64
 * bytes, printable, without `,`, `:` or `*`): what `tag_fields` finds for them, without its
 * scan. Returns 0 for any other block. */
static int simple_tags(const uint8_t *buf, int64_t start, int64_t close, Frame *f) {
    int64_t c = close - 15; /* where the `c` of `c:` with ten digits is */
    if (c < start + 1 || buf[c] != 'c' || buf[c + 1] != ':') return 0;
    int64_t high = eight_digits(buf + c + 2);
    if (high < 0 || !is_digit(buf[c + 10]) || !is_digit(buf[c + 11])) return 0;
    int64_t value = high * 100 + (buf[c + 10] - '0') * 10 + (buf[c + 11] - '0');
    if (c > start + 1) {
        int64_t length = c - 1 - (start + 3);
        if (buf[start + 1] != 's' || buf[start + 2] != ':' || buf[c - 1] != ',' || length < 1 ||
            length > MAX_VALUE_LEN)
            return 0;
        for (int64_t at = start + 3; at < c - 1; at++) {
            uint8_t b = buf[at];
            if (!printable(b) || b == ',' || b == ':' || b == '*') return 0;
        }
        f->source_start = start + 3;
        f->source_len = length;
    }
    f->ts_ms = epoch_ms(value);
    return 1;
}

static int tag_fields(const uint8_t *buf, int64_t start, int64_t close, Frame *f) {
    if (simple_tags(buf, start, close, f)) return 1;
    /* the backslash at `start` and `*hh` before `close` are printable already */
    int64_t keys = 0, commas = 0, times = 0, sources = 0;
    for (int64_t at = start + 1; at < close - 3; at++) {
        uint8_t c = buf[at];
        if (!printable(c)) return 0;
        if (c == ',') {
            commas++;
            continue;
        }
        if (c != ':' || at < start + 2) continue;
        uint8_t before = buf[at - 2], letter = buf[at - 1];
        if ((before != ',' && before != '\\') || letter == ',' || letter == '\\') continue;
        keys++;
        int64_t length = value_length(buf + at + 1);
        if (letter == 'g') return 0;
        if (letter == 'c') {
            int64_t value = digits_value(buf + at + 1, length);
            if (++times > 1 || value < 0) return 0;
            f->ts_ms = epoch_ms(value);
        } else if (letter == 's') {
            if (++sources > 1 || length < 0) return 0;
            f->source_start = at + 1;
            f->source_len = length;
        }
    }
    return keys == commas + 1;
}

/* `_fast_trailing.trailing_fields`: fields after the checksum, from `begin` (a comma) to `end`,
 * ending with an epoch; the first `r`/`b` field is the station. Returns validity. */
static int trailing_fields(const uint8_t *buf, int64_t begin, int64_t end, Frame *f) {
    int valid = 1;
    for (int64_t at = begin; at < end; at++)
        if (!printable(buf[at])) valid = 0;
    const uint8_t *tail = buf + end - 14;
    int millis = tail[0] == ',', seconds = tail[3] == ',';
    for (int k = 1; k < 14; k++) {
        int digit = tail[k] >= '0' && tail[k] <= '9';
        if (!digit) millis = 0;
        if (!digit && k >= 4) seconds = 0;
    }
    int64_t width = millis ? 13 : 10;
    int64_t epoch = digits_value(buf + end - width, (millis || seconds) ? width : 0);
    if (epoch < 0) valid = 0;
    if (f->ts_ms < 0) f->ts_ms = millis ? epoch : epoch * 1000;
    for (int64_t mark = begin; mark < end; mark++) {
        if (buf[mark] != ',' || (buf[mark + 1] != 'r' && buf[mark + 1] != 'b')) continue;
        int64_t stop = mark + 1;
        while (stop < end && buf[stop] != ',') stop++;
        int64_t length = stop - mark - 1;
        if (length > MAX_VALUE_LEN) valid = 0;
        if (f->source_len == 0 && length > 0) {
            f->source_start = mark + 1;
            f->source_len = length;
        }
        break;
    }
    return valid;
}

/* The XOR of `length` bytes, eight at a time. */
static uint8_t checksum(const uint8_t *at, int64_t length) {
    uint64_t words = 0, word;
    int64_t k = 0;
    for (; k + 8 <= length; k += 8) {
        memcpy(&word, at + k, 8);
        words ^= word;
    }
    words ^= words >> 32;
    words ^= words >> 16;
    words ^= words >> 8;
    uint8_t sum = (uint8_t)words;
    for (; k < length; k++) sum ^= at[k];
    return sum;
}

static int upper(uint8_t c) { return c >= 'A' && c <= 'Z'; }
static int channel(uint8_t c) { return c == 'A' || c == 'B' || c == '1' || c == '2'; }

/* `_fast_frame.frame_lines` for one line. */
static void frame_line(const Block *b, Py_ssize_t i, Frame *f) {
    const uint8_t *buf = b->buf;
    int64_t start = b->starts[i], end = b->ends[i], close;
    memset(f, 0, sizeof *f);
    f->ts_ms = f->source_start = -1;
    if (end <= start || !tag_block_end(buf, start, end, &close)) return;
    int64_t begin = close >= 0 ? close + 1 : start;
    const uint8_t *h = buf + begin;
    if (h[0] != '!' || !upper(h[1]) || !upper(h[2]) || h[3] != 'V' || h[4] != 'D') return;
    if ((h[5] != 'M' && h[5] != 'O') || h[6] != ',' || h[8] != ',' || h[10] != ',') return;
    int64_t total = h[7] - '0', number = h[9] - '0';
    if (total < 1 || total > 2 || number < 1 || number > total) return;
    int seq = h[11] >= '0' && h[11] <= '9' && h[12] == ',';
    if (!seq && h[11] != ',') return;
    uint8_t after_seq = seq ? h[13] : h[12];
    int chan = channel(after_seq) && (seq ? h[14] : h[13]) == ',';
    if (after_seq != ',' && !chan) return;
    int64_t payload_start = begin + 13 + seq + chan;
    if (payload_start >= end) return;
    /* `sentence_tail`: the `*` three bytes before the end, else the first one after the payload
     * start (in the buffer, so possibly past the line: then none). */
    int64_t star = end - 3;
    if (buf[star] != '*') {
        star = payload_start;
        while (star < end && buf[star] != '*') star++;
        if (star >= end) star = payload_start;
    }
    int64_t fill = buf[star - 1] - '0';
    int high = hex_value(buf[star + 1]), low = hex_value(buf[star + 2]);
    if (buf[star - 2] != ',' || buf[star] != '*' || star <= payload_start + 1) return;
    if (fill < 0 || fill > 5 || high < 0 || low < 0) return;
    if (!(star + 3 == end || (star + 3 < end && buf[star + 3] == ','))) return;
    if (checksum(buf + begin + 1, star - begin - 1) != high * 16 + low) return;
    if (close >= 0 && !tag_fields(buf, start, close, f)) return;
    if (star + 3 < end && !trailing_fields(buf, star + 3, end, f)) return;
    f->own_ts_ms = f->ts_ms;
    if (f->ts_ms < 0 && b->context) f->ts_ms = b->context[i] > -1 ? b->context[i] : -1;
    f->ok = 1;
    f->payload_start = payload_start;
    f->payload_len = star - 2 - payload_start;
    f->fill_bits = fill;
    f->total = total;
    f->number = number;
    f->key = (seq ? (int64_t)h[11] : 0) * 256 + (chan ? after_seq : 0);
}

/* `_fast_fields.sixbit`: de-armour `length` characters (`0`-`W` are 0-39, `` ` ``-`w` 40-63); 0
 * when one is not a payload character. Arithmetic rather than a table, so that the compiler
 * does many characters at once. */
static int sixbit(const uint8_t *chars, int64_t length, uint8_t *out) {
    uint8_t bad = 0;
    for (int64_t k = 0; k < length; k++) {
        uint8_t c = chars[k];
        uint8_t d = (uint8_t)(c - 48);
        uint8_t hi = (uint8_t)(d > 39);
        out[k] = (uint8_t)(d - (hi << 3));
        bad |= (uint8_t)((d > 71) | ((uint8_t)(d - 40) < 8));
    }
    return !bad;
}

/* A payload's bits, packed big-endian, with zeros after its end (reads of 8 bytes from any
 * field's first byte stay inside), and its message type. */
typedef struct {
    uint8_t bytes[72];
    int type;
} Payload;

/* Pack `count` 6-bit values (count >= 1, at most 71). */
static void pack(const uint8_t *v, int64_t count, Payload *p) {
    memset(p->bytes, 0, sizeof p->bytes);
    int64_t k = 0, o = 0;
    for (; k + 4 <= count; k += 4, o += 3) {
        uint32_t word = (uint32_t)v[k] << 18 | (uint32_t)v[k + 1] << 12 | v[k + 2] << 6 | v[k + 3];
        p->bytes[o] = (uint8_t)(word >> 16);
        p->bytes[o + 1] = (uint8_t)(word >> 8);
        p->bytes[o + 2] = (uint8_t)word;
    }
    uint32_t word = 0;
    for (int64_t j = 0; j < 4; j++) word = word << 6 | (k + j < count ? v[k + j] : 0);
    p->bytes[o] = (uint8_t)(word >> 16);
    p->bytes[o + 1] = (uint8_t)(word >> 8);
    p->bytes[o + 2] = (uint8_t)word;
    p->type = v[0];
}

/* `_fast_fields.bits`: `width` (at most 56) bits from bit `start`, unsigned or two's
 * complement. */
static inline int64_t bits(const Payload *p, int start, int width, int is_signed) {
    uint64_t word;
    memcpy(&word, p->bytes + (start >> 3), 8);
    word = __builtin_bswap64(word);
    int64_t result = (int64_t)((word << (start & 7)) >> (64 - width));
    if (is_signed) result -= (result >> (width - 1)) << width;
    return result;
}

/* `_fast_fields._ranged`: raw / scale inside the limit, else NaN (and nulled unless the
 * not-available code). */
static double ranged(int64_t raw, double limit, int64_t not_available, double scale,
                     int64_t *nulled, int flag) {
    if ((double)(raw < 0 ? -raw : raw) <= limit) return (double)raw / scale;
    if (raw != not_available) *nulled |= flag;
    return Py_NAN;
}

/* The message layouts (`_fast_fields.LAYOUTS`). */
enum { L_NONE, L_CLASS_A, L_CLASS_B, L_EXTENDED, L_LONG_RANGE, L_BASE, L_AID, L_STATIC };

static int layout_of(int type) {
    switch (type) {
    case 1: case 2: case 3: return L_CLASS_A;
    case 18: return L_CLASS_B;
    case 19: return L_EXTENDED;
    case 27: return L_LONG_RANGE;
    case 4: return L_BASE;
    case 21: return L_AID;
    case 24: return L_STATIC;
    default: return L_NONE;
    }
}

/* `Layout.accepts`: whether a payload of `payload_bits` is decoded. */
static int accepts(int layout, const Payload *v, int64_t payload_bits) {
    switch (layout) {
    case L_CLASS_A: case L_CLASS_B: case L_BASE: return payload_bits == 168;
    case L_EXTENDED: return payload_bits == 312;
    case L_LONG_RANGE: return payload_bits == 96;
    case L_AID: return payload_bits >= 272 && payload_bits <= 360;
    case L_STATIC: {
        int64_t part = bits(v, 38, 2, 0), mmsi = bits(v, 8, 30, 0);
        if (part == 0) return payload_bits == 160 || payload_bits == 168;
        return part == 1 && payload_bits == 168 && mmsi / 10000000 != 98;
    }
    default: return 0;
    }
}

/* Append `length` bytes (at most TEXT_ROOM) as row `r` of text column `column`. */
static void put_text(Block *b, int column, Py_ssize_t r, const uint8_t *chars, int length) {
    int32_t *offsets = b->offsets + column * (b->count + 1);
    uint8_t *data = b->text + (Py_ssize_t)column * b->count * TEXT_ROOM;
    memcpy(data + offsets[r], chars, (size_t)length);
    offsets[r + 1] = offsets[r] + length;
}

/* `_fast_fields.KINDS`, by index. */
static const char *const KINDS[3] = {"vessel", "base_station", "aid_to_navigation"};

static void position_row(Block *b, Py_ssize_t line, const Frame *f, const Payload *v,
                         int layout) {
    Py_ssize_t n = b->count, r = b->positions++;
    int64_t *I = b->pos_i;
    double *F = b->pos_f;
    int lon_at, lat_at, lon_bits = 28, kind = 0;
    double scale = 6e5;
    switch (layout) {
    case L_CLASS_A: lon_at = 61; lat_at = 89; break;
    case L_CLASS_B: case L_EXTENDED: lon_at = 57; lat_at = 85; break;
    case L_LONG_RANGE: lon_at = 44; lat_at = 62; lon_bits = 18; scale = 600.0; break;
    case L_BASE: lon_at = 79; lat_at = 107; kind = 1; break;
    default: lon_at = 164; lat_at = 192; kind = 2; break;
    }
    int64_t nulled = 0;
    F[P_LON * n + r] = ranged(bits(v, lon_at, lon_bits, 1), 180 * scale,
                              (int64_t)(181 * scale), scale, &nulled, NULLED_LON);
    F[P_LAT * n + r] = ranged(bits(v, lat_at, lon_bits - 1, 1), 90 * scale,
                              (int64_t)(91 * scale), scale, &nulled, NULLED_LAT);
    double speed = Py_NAN, course = Py_NAN, heading = Py_NAN;
    int64_t nav = -1;
    int motion = -1;
    if (layout == L_CLASS_A) { motion = 50; nav = bits(v, 38, 4, 0); }
    if (layout == L_CLASS_B || layout == L_EXTENDED) motion = 46;
    if (motion >= 0) { /* `_motion`: speed, course and heading from bit `motion` on */
        int64_t raw = bits(v, motion, 10, 0);
        speed = raw >= 1023 ? Py_NAN : (double)raw / 10.0;
        course = ranged(bits(v, motion + 66, 12, 0), 3599, 3600, 10.0, &nulled, NULLED_COURSE);
        heading = ranged(bits(v, motion + 78, 9, 0), 359, 511, 1.0, &nulled, NULLED_HEADING);
    }
    if (layout == L_LONG_RANGE) {
        int64_t raw = bits(v, 79, 6, 0);
        speed = raw == 63 ? Py_NAN : (double)raw;
        course = ranged(bits(v, 85, 9, 0), 359, 511, 1.0, &nulled, NULLED_COURSE);
        nav = bits(v, 40, 4, 0);
    }
    F[P_SPEED * n + r] = speed;
    F[P_COURSE * n + r] = course;
    F[P_HEADING * n + r] = heading;
    I[P_LINE * n + r] = line;
    I[P_MMSI * n + r] = bits(v, 8, 30, 0);
    I[P_TS * n + r] = f->ts_ms;
    I[P_TYPE * n + r] = v->type;
    I[P_KIND * n + r] = kind;
    put_text(b, T_KIND, r, (const uint8_t *)KINDS[kind], (int)strlen(KINDS[kind]));
    put_text(b, T_SOURCE, r, b->buf + (f->source_len > 0 ? f->source_start : 0),
             (int)f->source_len);
    I[P_NAV * n + r] = nav;
    I[P_NULLED * n + r] = nulled;
}

/* `_fast_fields.text` then `_fast_arrow.text_strings`: `count` characters from bit `start`,
 * ended at the first `@`, spaces stripped from both ends; appended to column `column`. */
static void text_value(Block *b, int column, Py_ssize_t r, const Payload *v, int start,
                       int count) {
    uint8_t chars[TEXT_CHARS];
    int length = 0;
    for (int k = 0; k < count; k++) {
        int code = (int)bits(v, start + 6 * k, 6, 0);
        uint8_t c = (uint8_t)(code < 32 ? code + 64 : code);
        if (c == '@') break;
        chars[length++] = c;
    }
    int first = 0, last = length;
    while (first < last && chars[first] == ' ') first++;
    while (last > first && chars[last - 1] == ' ') last--;
    put_text(b, column, r, chars + first, last - first);
}

static void no_text(Block *b, int column, Py_ssize_t r) {
    int32_t *offsets = b->offsets + column * (b->count + 1);
    offsets[r + 1] = offsets[r];
}

static void dimensions(int64_t *I, Py_ssize_t n, Py_ssize_t r, const Payload *v, int start) {
    I[S_BOW * n + r] = bits(v, start, 9, 0);
    I[S_STERN * n + r] = bits(v, start + 9, 9, 0);
    I[S_PORT * n + r] = bits(v, start + 18, 6, 0);
    I[S_STARBOARD * n + r] = bits(v, start + 24, 6, 0);
}

/* A static row (types 19, 24 and 5: `static_class_b_extended`, `static_report`,
 * `static_voyage`), with zeros, NaN and empty text where the type holds no value. */
static void static_row(Block *b, Py_ssize_t line, int64_t ts_ms, const Payload *v, int type) {
    Py_ssize_t n = b->count, r = b->statics++;
    int64_t *I = b->stat_i;
    for (int c = 0; c < S_INTS; c++) I[c * n + r] = 0;
    I[S_LINE * n + r] = line;
    I[S_MMSI * n + r] = bits(v, 8, 30, 0);
    I[S_TS * n + r] = ts_ms;
    I[S_TYPE * n + r] = v->type;
    I[S_PART * n + r] = -1;
    double draught = Py_NAN;
    int callsign = -1, shipname = -1, destination = -1;
    if (type == 19) {
        shipname = 143;
        I[S_SHIP_TYPE * n + r] = bits(v, 263, 8, 0);
        dimensions(I, n, r, v, 271);
    } else if (type == 24) {
        int64_t part = bits(v, 38, 2, 0);
        I[S_PART * n + r] = part;
        if (part == 1) {
            I[S_SHIP_TYPE * n + r] = bits(v, 40, 8, 0);
            callsign = 90;
            dimensions(I, n, r, v, 132);
        } else {
            shipname = 40;
        }
    } else { /* 5 */
        I[S_IMO * n + r] = bits(v, 40, 30, 0);
        callsign = 70;
        shipname = 112;
        I[S_SHIP_TYPE * n + r] = bits(v, 232, 8, 0);
        dimensions(I, n, r, v, 240);
        int64_t raw = bits(v, 294, 8, 0);
        draught = raw == 0 ? Py_NAN : (double)raw / 10.0;
        destination = 302;
    }
    b->stat_f[r] = draught;
    if (callsign >= 0) text_value(b, T_CALLSIGN, r, v, callsign, 7);
    else no_text(b, T_CALLSIGN, r);
    if (shipname >= 0) text_value(b, T_SHIPNAME, r, v, shipname, 20);
    else no_text(b, T_SHIPNAME, r);
    if (destination >= 0) text_value(b, T_DESTINATION, r, v, destination, 20);
    else no_text(b, T_DESTINATION, r);
}

/* A single-sentence line: decoded when its layout accepts it (`fastpath._decoded`). */
static void single(Block *b, Py_ssize_t i, const Frame *f) {
    uint8_t v[MAX_PAYLOAD];
    if (f->payload_len < 16 || f->payload_len > 60) return;
    const uint8_t *chars = b->buf + f->payload_start;
    if (!sixbit(chars, f->payload_len, v)) return;
    int layout = layout_of(v[0]);
    if (layout == L_NONE) return;
    Payload p;
    pack(v, f->payload_len, &p);
    if (!accepts(layout, &p, 6 * f->payload_len - f->fill_bits)) return;
    b->handled[i] = 1;
    if (layout != L_STATIC) position_row(b, i, f, &p, layout);
    if (layout == L_EXTENDED || layout == L_STATIC) static_row(b, i, f->ts_ms, &p, p.type);
}

/* A two-sentence type 5 message on lines i and i + 1 (`_fast_pairs.pair_rows`, `pair_payloads`,
 * `pair_context`). */
static void pair(Block *b, Py_ssize_t i, const Frame *first, const Frame *second) {
    if (!(first->total == 2 && first->number == 1 && second->ok && second->total == 2 &&
          second->number == 2 && first->key == second->key && first->fill_bits == 0 &&
          second->fill_bits == 2 && first->payload_len + second->payload_len == VOYAGE_CHARS &&
          b->buf[first->payload_start] == '5'))
        return;
    uint8_t v[VOYAGE_CHARS];
    if (!sixbit(b->buf + first->payload_start, first->payload_len, v) ||
        !sixbit(b->buf + second->payload_start, second->payload_len, v + first->payload_len))
        return;
    int64_t ts_ms = first->own_ts_ms >= 0 ? first->own_ts_ms
                  : second->own_ts_ms >= 0 ? second->own_ts_ms : first->ts_ms;
    b->handled[i] = b->handled[i + 1] = 1;
    Payload p;
    pack(v, VOYAGE_CHARS, &p);
    static_row(b, i, ts_ms, &p, 5);
    b->pair_second[b->pairs] = i + 1;
    b->pair_key[b->pairs++] = first->key;
}

static int writable(PyObject *obj, Py_buffer *view, Py_ssize_t bytes, const char *name) {
    if (PyObject_GetBuffer(obj, view, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) < 0) return 0;
    if (view->len < bytes) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes, %zd needed", name, view->len, bytes);
        PyBuffer_Release(view);
        return 0;
    }
    return 1;
}

static PyObject *decode_block(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *objs[13];
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOOOO", &objs[0], &objs[1], &objs[2], &objs[3],
                          &objs[4], &objs[5], &objs[6], &objs[7], &objs[8], &objs[9],
                          &objs[10], &objs[11], &objs[12]))
        return NULL;
    Py_buffer views[13];
    int held = 0;
    Block b;
    memset(&b, 0, sizeof b);
    PyObject *result = NULL;
    if (PyObject_GetBuffer(objs[0], &views[held], PyBUF_C_CONTIGUOUS) < 0) goto done;
    held++;
    if (PyObject_GetBuffer(objs[1], &views[held], PyBUF_C_CONTIGUOUS) < 0) goto done;
    held++;
    b.count = views[1].len / 8;
    Py_ssize_t n = b.count;
    if (PyObject_GetBuffer(objs[2], &views[held], PyBUF_C_CONTIGUOUS) < 0) goto done;
    if (views[held++].len < n * 8) { PyErr_SetString(PyExc_ValueError, "ends"); goto done; }
    if (objs[3] != Py_None) {
        if (PyObject_GetBuffer(objs[3], &views[held], PyBUF_C_CONTIGUOUS) < 0) goto done;
        if (views[held++].len < n * 8) { PyErr_SetString(PyExc_ValueError, "context"); goto done; }
        b.context = views[held - 1].buf;
    }
    const Py_ssize_t sizes[9] = {n, P_INTS * n * 8, P_FLOATS * n * 8, S_INTS * n * 8, n * 8,
                                 T_COLUMNS * n * TEXT_ROOM, T_COLUMNS * (n + 1) * 4, n * 8,
                                 n * 8};
    static const char *names[9] = {"handled", "pos_ints", "pos_floats", "stat_ints",
                                   "stat_floats", "text", "offsets", "pair_second", "pair_key"};
    void *outs[9];
    for (int k = 0; k < 9; k++) {
        if (!writable(objs[4 + k], &views[held], sizes[k], names[k])) goto done;
        outs[k] = views[held++].buf;
    }
    b.buf = views[0].buf;
    b.starts = views[1].buf;
    b.ends = views[2].buf;
    b.handled = outs[0];
    b.pos_i = outs[1];
    b.pos_f = outs[2];
    b.stat_i = outs[3];
    b.stat_f = outs[4];
    b.text = outs[5];
    b.offsets = outs[6];
    b.pair_second = outs[7];
    b.pair_key = outs[8];
    memset(b.handled, 0, n);
    for (int c = 0; c < T_COLUMNS; c++) b.offsets[c * (n + 1)] = 0;
    Py_BEGIN_ALLOW_THREADS
    Frame frames[2];
    if (n > 0) frame_line(&b, 0, &frames[0]);
    for (Py_ssize_t i = 0; i < n; i++) {
        Frame *f = &frames[i & 1], *next = &frames[(i + 1) & 1];
        if (i + 1 < n) frame_line(&b, i + 1, next);
        if (!f->ok || b.handled[i]) continue;
        if (f->total == 1) single(&b, i, f);
        else if (i + 1 < n) pair(&b, i, f, next);
    }
    Py_END_ALLOW_THREADS
    result = Py_BuildValue("nnn", b.positions, b.statics, b.pairs);
done:
    for (int k = 0; k < held; k++) PyBuffer_Release(&views[k]);
    return result;
}

static PyMethodDef methods[] = {
    {"decode_block", decode_block, METH_VARARGS,
     "decode_block(buf, starts, ends, context, handled, pos_ints, pos_floats, stat_ints, "
     "stat_floats, text, offsets, pair_second, pair_key) -> (positions, statics, pairs)\n\n"
     "Frame and decode a block of lines joined as the fast path joins them (see "
     "darkfleet.ingest.compiled)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_cdecode",
                                    "The fast path of ingest, compiled (one pass per block).",
                                    -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__cdecode(void) {
    return PyModule_Create(&module);
}
