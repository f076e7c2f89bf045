//! Time: what a date in a glossary or a document means (issue 12).
//!
//! Owns the date types every time-aware step shares: [`PartialDate`] (a
//! glossary date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checked against
//! the calendar by `jiff`), [`Period`] (a start and an end, either open) and
//! the three-valued answer "was this valid at that date?" ([`At`]). A partial
//! date stands for the whole year or month it names, so a period's answer is
//! `Unsure` on the edges its precision leaves open; time-based diagnostics
//! fire only on `No`.
//!
//! Must not touch: text, glossaries or documents (callers parse and pass
//! strings and dates in); no clock (the date in use always comes from the
//! document, never from "today").

pub mod document_date;

pub use jiff::civil::Date;

/// A date as a glossary writes it: a year, a month or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The first day the written date covers.
    pub first: Date,
    /// The last day the written date covers.
    pub last: Date,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real month and day.
    /// The error says why it is not a date (`": February 2023 has 28
    /// days"`), or is empty when the text has none of the three shapes.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let number = |part: &str, digits: usize| {
            (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<i16>().ok())
                .flatten()
                .ok_or_else(String::new)
        };
        let parts: Vec<&str> = s.split('-').collect();
        let (year, month, day) = match parts.as_slice() {
            [y] => (number(y, 4)?, None, None),
            [y, m] => (number(y, 4)?, Some(number(m, 2)?), None),
            [y, m, d] => (number(y, 4)?, Some(number(m, 2)?), Some(number(d, 2)?)),
            _ => return Err(String::new()),
        };
        if let Some(month) = month
            && !(1..=12).contains(&month)
        {
            return Err(format!(": there is no month {month}"));
        }
        // Both fit in i8 now: month is 1..=12 and a day has two digits.
        let first_of_month = |m: i16| Date::new(year, m as i8, 1).map_err(|e| format!(": {e}"));
        match (month, day) {
            (None, _) => Ok(PartialDate {
                first: first_of_month(1)?,
                last: first_of_month(12)?.last_of_month(),
            }),
            (Some(m), None) => {
                let first = first_of_month(m)?;
                Ok(PartialDate {
                    first,
                    last: first.last_of_month(),
                })
            }
            (Some(m), Some(d)) => {
                let first = first_of_month(m)?;
                if !(1..=i16::from(first.days_in_month())).contains(&d) {
                    return Err(format!(
                        ": {} has {} days",
                        first.strftime("%B %Y"),
                        first.days_in_month()
                    ));
                }
                let day = Date::new(year, m as i8, d as i8).map_err(|e| format!(": {e}"))?;
                Ok(PartialDate {
                    first: day,
                    last: day,
                })
            }
        }
    }

    /// A known day.
    pub fn day(date: Date) -> PartialDate {
        PartialDate {
            first: date,
            last: date,
        }
    }
}

/// Whether something held at a date, as far as the data's precision tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    Yes,
    No,
    /// The date falls in the year or month an edge of the period names.
    Unsure,
}

/// From `start` to `end`, both included; an open side has no bound.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
}

impl Period {
    /// Reads a period from its written dates; an unreadable date counts as
    /// unknown (the glossary loader reports it, located).
    pub fn from_strings(start: Option<&str>, end: Option<&str>) -> Period {
        let read = |s: Option<&str>| s.and_then(|s| PartialDate::parse(s).ok());
        Period {
            start: read(start),
            end: read(end),
        }
    }

    /// Whether `date` lies within the period.
    pub fn at(&self, date: Date) -> At {
        let mut unsure = false;
        if let Some(start) = self.start {
            if date < start.first {
                return At::No;
            }
            unsure |= date < start.last;
        }
        if let Some(end) = self.end {
            if date > end.last {
                return At::No;
            }
            unsure |= date > end.first;
        }
        if unsure { At::Unsure } else { At::Yes }
    }

    /// Whether the period held over all of `span` (Yes), none of it (No),
    /// or part or perhaps (Unsure): a document dated only by its year.
    pub fn at_span(&self, span: PartialDate) -> At {
        if self.start.is_some_and(|s| span.last < s.first)
            || self.end.is_some_and(|e| span.first > e.last)
        {
            return At::No;
        }
        let after_start = self.start.is_none_or(|s| span.first >= s.last);
        let before_end = self.end.is_none_or(|e| span.last <= e.first);
        if after_start && before_end {
            At::Yes
        } else {
            At::Unsure
        }
    }

    /// Whether the period ends before it starts (data error).
    pub fn is_reversed(&self) -> bool {
        matches!((self.start, self.end), (Some(s), Some(e)) if e.last < s.first)
    }

    /// Whether two periods surely share a day.
    pub fn surely_overlaps(&self, other: &Period) -> bool {
        let starts_before_end = |a: &Period, b: &Period| match (a.start, b.end) {
            (Some(s), Some(e)) => s.last < e.first,
            _ => true,
        };
        starts_before_end(self, other) && starts_before_end(other, self)
    }

    /// "2013–2023", "since March 2013", "until 2001".
    pub fn describe(&self) -> String {
        match (self.start, self.end) {
            (Some(s), Some(e)) => format!("{}–{}", describe_date(&s), describe_date(&e)),
            (Some(s), None) => format!("since {}", describe_date(&s)),
            (None, Some(e)) => format!("until {}", describe_date(&e)),
            (None, None) => "at dates not given".to_string(),
        }
    }
}

/// "2013", "March 2013" or "14 March 2013", as precise as the data.
pub fn describe_date(d: &PartialDate) -> String {
    if d.first == d.last {
        d.first.strftime("%-d %B %Y").to_string()
    } else if d.first.month() == d.last.month() {
        d.first.strftime("%B %Y").to_string()
    } else {
        d.first.year().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("a test date")
    }

    #[test]
    fn partial_dates_cover_their_year_month_or_day() {
        let y = PartialDate::parse("2013").expect("a year");
        assert_eq!((y.first, y.last), (d("2013-01-01"), d("2013-12-31")));
        let m = PartialDate::parse("2024-02").expect("a month");
        assert_eq!((m.first, m.last), (d("2024-02-01"), d("2024-02-29")));
        let day = PartialDate::parse("2013-03-14").expect("a day");
        assert_eq!((day.first, day.last), (d("2013-03-14"), d("2013-03-14")));
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            PartialDate::parse("2023-02-31"),
            Err(": February 2023 has 28 days".to_string())
        );
        assert_eq!(
            PartialDate::parse("2023-13"),
            Err(": there is no month 13".to_string())
        );
        for bad in ["March 2013", "2023-1-05", "+2023", "2023-00", ""] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_period_is_unsure_only_on_its_imprecise_edges() {
        let p = Period::from_strings(Some("2013-03"), Some("2023"));
        assert_eq!(p.at(d("2013-02-28")), At::No);
        assert_eq!(p.at(d("2013-03-10")), At::Unsure);
        assert_eq!(p.at(d("2015-06-01")), At::Yes);
        assert_eq!(p.at(d("2023-06-01")), At::Unsure);
        assert_eq!(p.at(d("2024-01-01")), At::No);
        assert_eq!(Period::default().at(d("1900-01-01")), At::Yes);
        assert_eq!(p.describe(), "March 2013–2023");
    }

    #[test]
    fn a_span_is_judged_as_a_whole() {
        let p = Period::from_strings(Some("2013-03-14"), Some("2023-03-10"));
        let year = |y: &str| PartialDate::parse(y).expect("a year");
        assert_eq!(p.at_span(year("2015")), At::Yes);
        assert_eq!(p.at_span(year("2013")), At::Unsure);
        assert_eq!(p.at_span(year("2024")), At::No);
        let day = PartialDate::day(d("2015-06-01"));
        assert_eq!(p.at_span(day), p.at(d("2015-06-01")));
    }

    #[test]
    fn reversed_and_overlapping_periods() {
        assert!(Period::from_strings(Some("2020"), Some("2019")).is_reversed());
        assert!(!Period::from_strings(Some("2020"), Some("2020")).is_reversed());
        let a = Period::from_strings(Some("2010"), Some("2015-06"));
        let b = Period::from_strings(Some("2015-06"), None);
        let c = Period::from_strings(Some("2014"), None);
        assert!(
            !a.surely_overlaps(&b),
            "a hand-over month is not an overlap"
        );
        assert!(a.surely_overlaps(&c));
    }
}
