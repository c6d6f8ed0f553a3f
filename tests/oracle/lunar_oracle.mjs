// Checks motcua's Vietnamese lunar calendar against an independent implementation, the npm package amlich
// (Hồ Ngọc Đức's algorithm, UTC+7), for every day 1970-01-01..2100-12-31; and against Intl's Chinese calendar as a
// negative oracle (the two calendars must disagree on Tết 1985 and 2007).
//
// Usage: node lunar_oracle.mjs <path to motcua>   (normally through run_lunar_oracle.sh)
// Exit status 0 only if every check passed. See docs/calendar.md, "Lunar calendar".
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const amlich = require('amlich');

const TIME_ZONE = 7; // amlich's timeZone argument: hours east of UTC (the Vietnamese calendar's meridian)
const FIRST_DAY = '1970-01-01';
const LAST_DAY = '2100-12-31';
const FIRST_YEAR = 1970;
const LAST_YEAR = 2100;
const SHOWN_MISMATCHES = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

const motcua = process.argv[2];
if (!motcua) {
    console.error('usage: node lunar_oracle.mjs <path to motcua>');
    process.exit(2);
}

const mismatches = [];
const mismatch = (text) => mismatches.push(text);

const pad = (n, width = 2) => String(n).padStart(width, '0');
const isoDate = (y, m, d) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const lunarText = (l) => `${isoDate(l.year, l.month, l.day)}${l.leap ? ' leap' : ''}`;
const parseIso = (s) => s.split('-').map(Number);
const utcMs = (s) => {
    const [y, m, d] = parseIso(s);
    return Date.UTC(y, m - 1, d);
};
const isoOfUtcMs = (ms) => new Date(ms).toISOString().slice(0, 10);

function runMotcua(args) {
    try {
        return execFileSync(motcua, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    } catch (e) {
        const stderr = e.stderr ? String(e.stderr).trim() : '';
        throw new Error(`\`${motcua} ${args.join(' ')}\` failed (${e.status ?? e.message}): ${stderr}`);
    }
}

// amlich.convertSolar2Lunar returns [day, month, year, leap (0 or 1)]; convertLunar2Solar returns [day, month, year],
// or [0, 0, 0] for a leap flag on a month that is not leap.
function amlichLunar(iso) {
    const [y, m, d] = parseIso(iso);
    const [day, month, year, leap] = amlich.convertSolar2Lunar(d, m, y, TIME_ZONE);
    return { year, month, day, leap: leap === 1 };
}
function amlichSolar(l) {
    const [d, m, y] = amlich.convertLunar2Solar(l.day, l.month, l.year, l.leap ? 1 : 0, TIME_ZONE);
    return y === 0 ? 'none' : isoDate(y, m, d);
}

// amlich guesses a day's month from the mean lunation and takes the new moon after the guess when it is not later
// than the day. When the true new moon is more than a day later than that guess allows, it answers "day 0" of the next
// month (in 1970-2100: 2054-05-07 and 2062-04-09). Its own inverse maps day 30 of the month before to that solar day,
// so that is the reference answer; it is cross-checked here rather than assumed.
const amlichDefects = [];
function expectedLunar(iso) {
    const got = amlichLunar(iso);
    if (got.day !== 0) return got;
    const before = amlichLunar(isoOfUtcMs(utcMs(iso) - DAY_MS));
    const fixed = { ...before, day: before.day + 1 };
    if (amlichSolar(fixed) !== iso) {
        mismatch(`${iso}: amlich says day 0 of ${lunarText({ ...got, day: 1 })} and no repair fits`);
    }
    amlichDefects.push(iso);
    return fixed;
}

// 1. Every day: motcua calendar lunar --from .. --to ..
let rows;
try {
    rows = JSON.parse(runMotcua(['calendar', 'lunar', '--from', FIRST_DAY, '--to', LAST_DAY]));
} catch (e) {
    console.log(`lunar oracle: FAILED: ${e.message}`);
    console.log('lunar oracle: 0 days compared, 1 mismatches');
    process.exit(1);
}
const expectedDays = (utcMs(LAST_DAY) - utcMs(FIRST_DAY)) / DAY_MS + 1;
if (!Array.isArray(rows) || rows.length !== expectedDays) {
    const printed = Array.isArray(rows) ? rows.length : 'no array of';
    mismatch(`calendar lunar printed ${printed} days, expected ${expectedDays}`);
}
const ours = new Map(); // solar ISO date -> lunar date
let daysCompared = 0;
let monthStartsChecked = 0;
const leapMonths = []; // lunar dates (day 1) of leap months seen, for the `calendar solar --leap` checks
for (const [i, row] of (Array.isArray(rows) ? rows : []).entries()) {
    const solar = isoOfUtcMs(utcMs(FIRST_DAY) + i * DAY_MS);
    const l = row?.lunar;
    const wellFormed = l && [l.year, l.month, l.day].every(Number.isInteger) && typeof l.leap === 'boolean';
    if (row?.solar !== solar || !wellFormed) {
        mismatch(`row ${i}: expected {"solar":"${solar}","lunar":{year,month,day,leap}}, got ${JSON.stringify(row)}`);
        continue;
    }
    ours.set(solar, l);
    daysCompared += 1;
    const want = expectedLunar(solar);
    if (lunarText(l) !== lunarText(want)) mismatch(`${solar}: motcua ${lunarText(l)}, amlich ${lunarText(want)}`);
    if (l.day === 1) {
        monthStartsChecked += 1;
        const back = amlichSolar(l);
        if (back !== solar) mismatch(`${solar}: motcua starts ${lunarText(l)} here, amlich starts it on ${back}`);
        if (l.leap) leapMonths.push(l);
    }
}

// 2. Lunar -> solar through the CLI: Tết (1/1) and Hùng Kings' day (10/3) of every year, and each leap month's day 1.
let solarChecks = 0;
function checkSolarCommand(l) {
    const args = ['calendar', 'solar', isoDate(l.year, l.month, l.day), ...(l.leap ? ['--leap'] : [])];
    const want = amlichSolar(l);
    let got;
    try {
        got = JSON.parse(runMotcua(args)).solar;
    } catch (e) {
        got = `error (${e.message})`;
    }
    solarChecks += 1;
    if (got !== want) mismatch(`calendar solar ${lunarText(l)}: motcua ${got}, amlich ${want}`);
}
for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
    checkSolarCommand({ year, month: 1, day: 1, leap: false });
    checkSolarCommand({ year, month: 3, day: 10, leap: false });
}
for (const l of leapMonths) checkSolarCommand(l);

// 3. Negative oracle: the Chinese calendar (UTC+8) starts 1985 and 2007 a month and a day later than the Vietnamese.
// If motcua ever agreed with Intl here, it would be computing the wrong calendar.
const chinese = new Intl.DateTimeFormat('en-u-ca-chinese', {
    timeZone: 'Asia/Ho_Chi_Minh',
    month: 'numeric',
    day: 'numeric',
});
let contrasts = 0;
if (chinese.resolvedOptions().calendar !== 'chinese') {
    const got = chinese.resolvedOptions().calendar;
    mismatch(`this Node's Intl has no Chinese calendar (got "${got}"); it needs a build with full ICU`);
} else {
    const chineseMonthDay = (iso) => {
        const parts = chinese.formatToParts(new Date(`${iso}T12:00:00+07:00`));
        const part = (type) => parts.find((p) => p.type === type)?.value;
        return `${part('month')}/${part('day')}`;
    };
    const ourMonthDay = (iso) => {
        const l = ours.get(iso);
        return l ? `${l.month}${l.leap ? 'bis' : ''}/${l.day}` : 'missing';
    };
    const contrast = (iso, chineseSays, chineseIsNewYear) => {
        contrasts += 1;
        const intl = chineseMonthDay(iso);
        if (intl !== chineseSays) mismatch(`Intl chinese ${iso}: expected ${chineseSays}, got ${intl} (ICU changed?)`);
        const ourIsNewYear = ourMonthDay(iso) === '1/1';
        if (ourIsNewYear === chineseIsNewYear) {
            mismatch(`${iso}: motcua says ${ourMonthDay(iso)} and Intl's Chinese calendar ${intl}: should differ`);
        }
    };
    contrast('1985-02-20', '1/1', true); // Chinese new year 1985; Vietnamese 1/2
    contrast('1985-01-21', '12/1', false); // Tết 1985
    contrast('2007-02-18', '1/1', true); // Chinese new year 2007; Vietnamese 1/2
    contrast('2007-02-17', '12/30', false); // Tết 2007
}

console.log(
    `lunar oracle: ${monthStartsChecked} month starts checked with convertLunar2Solar, ${solarChecks} ` +
        `'calendar solar' lookups, ${contrasts} contrasts with Intl's Chinese calendar`,
);
if (amlichDefects.length > 0) {
    console.log(`lunar oracle: amlich's day-0 answers replaced by its own inverse on ${amlichDefects.join(', ')}`);
}
for (const text of mismatches.slice(0, SHOWN_MISMATCHES)) console.log(`MISMATCH ${text}`);
if (mismatches.length > SHOWN_MISMATCHES) console.log(`... and ${mismatches.length - SHOWN_MISMATCHES} more`);
console.log(`lunar oracle: ${daysCompared} days compared, ${mismatches.length} mismatches`);
process.exit(mismatches.length === 0 && daysCompared === expectedDays ? 0 : 1);
