//! A learner's time zone (an IANA name such as `Europe/London`), as a `chrono` time zone.
//!
//! On the server the rules come from `chrono-tz`'s compiled IANA table. In the browser they
//! come from the browser's own copy of the same table (`Intl.DateTimeFormat`), so the wasm
//! bundle does not carry a second one. Both answer the same questions the same way: the
//! domain code (streak days, review days) is written once against [`Zone`].

use chrono::{FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone};
use std::fmt;

/// A time zone by IANA name. `Copy`: it is passed around like `chrono_tz::Tz`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Zone(imp::Inner);

/// The offset in force at an instant of a [`Zone`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    fixed: FixedOffset,
}

impl Zone {
    /// The zone of a learner who has not chosen one.
    pub const DEFAULT_NAME: &'static str = "Europe/London";

    /// The zone of an IANA name; `None` when there is no such zone.
    pub fn parse(name: &str) -> Option<Zone> {
        imp::parse(name.trim()).map(Zone)
    }

    /// The zone of `name`, or the default one when it is unknown.
    pub fn parse_or_default(name: &str) -> Zone {
        Zone::parse(name).unwrap_or_default()
    }

    pub fn name(self) -> &'static str {
        imp::name(self.0)
    }

    fn offset_at(self, utc: &NaiveDateTime) -> ZoneOffset {
        ZoneOffset {
            zone: self,
            fixed: imp::offset_at(self.0, utc),
        }
    }
}

impl Default for Zone {
    fn default() -> Self {
        Zone::parse(Zone::DEFAULT_NAME).expect("the default zone exists")
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.zone.name(), self.fixed)
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.fixed, f)
    }
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Self {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
    }

    /// The offsets under which `local` is a real instant: one, two (a repeated hour when the
    /// clocks go back: earliest first) or none (a skipped hour when they go forward). The
    /// candidates are the offsets in force a day either side; each is kept if it is the one in
    /// force at the instant it gives.
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        let day = chrono::Duration::days(1);
        let before = self.offset_at(&(*local - day));
        let after = self.offset_at(&(*local + day));
        let holds = |o: &ZoneOffset| {
            let utc = *local - chrono::Duration::seconds(i64::from(o.fixed.local_minus_utc()));
            self.offset_at(&utc) == *o
        };
        let mut found: Vec<ZoneOffset> = [before, after].into_iter().filter(holds).collect();
        found.dedup();
        // A larger offset means an earlier instant for the same local time.
        found.sort_by_key(|o| std::cmp::Reverse(o.fixed.local_minus_utc()));
        match found.as_slice() {
            [one] => MappedLocalTime::Single(*one),
            [earliest, latest] => MappedLocalTime::Ambiguous(*earliest, *latest),
            _ => MappedLocalTime::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_at(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.offset_at(utc)
    }
}

/// The server (and native tests): chrono-tz's table.
#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use chrono::{NaiveDateTime, Offset, TimeZone};

    pub type Inner = chrono_tz::Tz;

    /// As the browser does: exact, else ignoring case ("europe/london" is Europe/London).
    pub fn parse(name: &str) -> Option<Inner> {
        name.parse().ok().or_else(|| {
            chrono_tz::TZ_VARIANTS
                .iter()
                .find(|z| z.name().eq_ignore_ascii_case(name))
                .copied()
        })
    }

    pub fn name(zone: Inner) -> &'static str {
        zone.name()
    }

    pub fn offset_at(zone: Inner, utc: &NaiveDateTime) -> chrono::FixedOffset {
        zone.offset_from_utc_datetime(utc).fix()
    }
}

/// The browser: `Intl.DateTimeFormat` with the zone's name, one formatter per zone, kept.
#[cfg(target_arch = "wasm32")]
mod imp {
    use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
    use js_sys::{Array, Intl::DateTimeFormat, Object, Reflect};
    use std::cell::RefCell;
    use wasm_bindgen::{JsCast, JsValue};

    /// A zone is its index in the list of zones this page has met (names are few and live
    /// as long as the page), so it stays `Copy`.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub struct Inner(u16);

    thread_local! {
        static ZONES: RefCell<Vec<(&'static str, DateTimeFormat)>> = const { RefCell::new(Vec::new()) };
    }

    pub fn parse(name: &str) -> Option<Inner> {
        if name.is_empty() {
            return None;
        }
        ZONES.with(|zones| {
            let mut zones = zones.borrow_mut();
            if let Some(i) = zones.iter().position(|(n, _)| *n == name) {
                return u16::try_from(i).ok().map(Inner);
            }
            let formatter = formatter(name)?;
            // The browser's canonical spelling (e.g. "europe/london" → "Europe/London").
            let canonical = Reflect::get(&formatter.resolved_options(), &"timeZone".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| name.to_owned());
            let index = u16::try_from(zones.len()).ok()?;
            zones.push((Box::leak(canonical.into_boxed_str()), formatter));
            Some(Inner(index))
        })
    }

    pub fn name(zone: Inner) -> &'static str {
        ZONES.with(|zones| {
            zones
                .borrow()
                .get(usize::from(zone.0))
                .map_or("UTC", |z| z.0)
        })
    }

    /// A formatter giving every field of a date in `name`, or `None` when the browser does
    /// not know the zone (the constructor throws a `RangeError`, caught here).
    fn formatter(name: &str) -> Option<DateTimeFormat> {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let ctor = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?;
        let options = Object::new();
        for (k, v) in [
            ("timeZone", name),
            ("hourCycle", "h23"),
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
            ("hour", "numeric"),
            ("minute", "numeric"),
            ("second", "numeric"),
        ] {
            Reflect::set(&options, &k.into(), &v.into()).ok()?;
        }
        let args = Array::of2(&Array::of1(&"en-US".into()), &options);
        Reflect::construct(ctor.dyn_ref::<js_sys::Function>()?, &args)
            .ok()
            .map(JsCast::unchecked_into)
    }

    pub fn offset_at(zone: Inner, utc: &NaiveDateTime) -> FixedOffset {
        let utc_ms = utc.and_utc().timestamp_millis();
        let local = ZONES.with(|zones| {
            let zones = zones.borrow();
            let (_, formatter) = zones.get(usize::from(zone.0))?;
            let date = js_sys::Date::new(&JsValue::from_f64(utc_ms as f64));
            local_of(&formatter.format_to_parts(&date))
        });
        let seconds = local.map_or(0, |l| {
            (l.and_utc().timestamp() - utc.and_utc().timestamp()).clamp(-86_399, 86_399) as i32
        });
        FixedOffset::east_opt(seconds).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
    }

    /// The local date and time from `formatToParts`'s numeric fields.
    fn local_of(parts: &Array) -> Option<NaiveDateTime> {
        let mut f = [0i64; 6];
        for part in parts.iter() {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            let at = match kind.as_str() {
                "year" => 0,
                "month" => 1,
                "day" => 2,
                "hour" => 3,
                "minute" => 4,
                "second" => 5,
                _ => continue,
            };
            f[at] = Reflect::get(&part, &"value".into())
                .ok()?
                .as_string()?
                .parse()
                .ok()?;
        }
        let date = NaiveDate::from_ymd_opt(i32::try_from(f[0]).ok()?, f[1] as u32, f[2] as u32)?;
        date.and_hms_opt(f[3] as u32 % 24, f[4] as u32, f[5] as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn london() -> Zone {
        Zone::parse("Europe/London").expect("known")
    }

    #[test]
    fn names_parse_and_unknown_zones_do_not() {
        assert_eq!(london().name(), "Europe/London");
        assert!(Zone::parse("Mars/Olympus").is_none());
        assert_eq!(
            Zone::parse_or_default("Mars/Olympus").name(),
            "Europe/London"
        );
        assert_eq!(Zone::default(), london());
    }

    #[test]
    fn summer_time_is_an_hour_ahead_and_the_zone_survives_a_round_trip() {
        let at: DateTime<Utc> = "2026-07-01T12:00:00Z".parse().expect("time");
        let local = at.with_timezone(&london());
        assert_eq!(local.format("%H:%M %z").to_string(), "13:00 +0100");
        assert_eq!(local.timezone(), london());
    }

    #[test]
    fn a_skipped_hour_has_no_instant_and_a_repeated_one_has_two() {
        let tz = london();
        let skipped = NaiveDate::from_ymd_opt(2026, 3, 29)
            .and_then(|d| d.and_hms_opt(1, 30, 0))
            .expect("date");
        assert!(matches!(
            tz.from_local_datetime(&skipped),
            MappedLocalTime::None
        ));
        let repeated = NaiveDate::from_ymd_opt(2026, 10, 25)
            .and_then(|d| d.and_hms_opt(1, 30, 0))
            .expect("date");
        match tz.from_local_datetime(&repeated) {
            MappedLocalTime::Ambiguous(a, b) => {
                assert_eq!(a.to_rfc3339(), "2026-10-25T01:30:00+01:00");
                assert_eq!(b.to_rfc3339(), "2026-10-25T01:30:00+00:00");
            }
            other => panic!("expected two instants, got {other:?}"),
        }
    }

    #[test]
    fn every_hour_of_a_year_agrees_with_chrono_tz_in_several_zones() {
        for name in [
            "Europe/London",
            "Pacific/Auckland",
            "America/St_Johns",
            "Asia/Kolkata",
        ] {
            let ours = Zone::parse(name).expect("known");
            let table: chrono_tz::Tz = name.parse().expect("known");
            let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").expect("time");
            for h in 0..(366 * 24) {
                let utc = start.naive_utc() + chrono::Duration::hours(h);
                assert_eq!(
                    ours.offset_from_utc_datetime(&utc).fix(),
                    table.offset_from_utc_datetime(&utc).fix(),
                    "{name} at {utc}"
                );
                let local = utc + chrono::Duration::minutes(7);
                assert_eq!(
                    ours.from_local_datetime(&local).map(|t| t.timestamp()),
                    table.from_local_datetime(&local).map(|t| t.timestamp()),
                    "{name} local {local}"
                );
            }
        }
    }
}
