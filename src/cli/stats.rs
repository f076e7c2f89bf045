//! `gloss stats`: a documents × entities table of mention counts (CSV), with
//! documents in date order, each with its date and where the date came from
//! (see [`crate::time::document_date`]), and a chart of the most-mentioned
//! entries.

use std::collections::HashMap;
use std::path::Path;

use plotters::prelude::*;

use super::CliError;
use super::annotate::mentions;
use crate::glossary::model::Kind;
use crate::time::document_date::{self, DocumentDate, HeadDates};

/// A calendar date (year, month, day), for the chart's axis.
pub type Date = (i32, u32, u32);

/// The calendar date of (year, month, day), if there is one (jiff knows the
/// lengths of months and leap years).
fn civil(year: i32, month: u32, day: u32) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

fn as_tuple(date: jiff::civil::Date) -> Date {
    (
        i32::from(date.year()),
        u32::try_from(date.month()).unwrap_or(1),
        u32::try_from(date.day()).unwrap_or(1),
    )
}

/// One document's counts.
#[derive(Debug, Clone)]
pub struct DocCounts {
    pub path: String,
    /// The date in use and its source.
    pub date: Option<DocumentDate>,
    /// Entry id → mentions.
    pub counts: HashMap<String, usize>,
}

/// The table: documents in date order (undated last, by path), entries by total.
#[derive(Debug, Clone)]
pub struct Table {
    pub docs: Vec<DocCounts>,
    /// (id, label, kind, total), most mentioned first.
    pub entries: Vec<(String, String, Kind, usize)>,
}

impl DocCounts {
    fn day(&self) -> Option<Date> {
        self.date.as_ref().map(|d| as_tuple(d.date))
    }
}

fn date_str(d: Option<&DocumentDate>) -> String {
    d.map(|d| {
        if d.year_only {
            d.date.year().to_string()
        } else {
            d.date.to_string()
        }
    })
    .unwrap_or_default()
}

/// Where a date came from, as the CSV's `date_source` column says it.
fn source_str(d: Option<&DocumentDate>) -> String {
    d.map(|d| d.source_description()).unwrap_or_default()
}

/// A date as a fractional year (2023-07-02 → 2023.5), for the chart's x axis.
fn fractional_year((y, m, d): Date) -> f64 {
    civil(y, m, d).map_or(f64::from(y), |date| {
        f64::from(y) + f64::from(date.day_of_year() - 1) / f64::from(date.days_in_year())
    })
}

/// The date at a fractional year (the inverse of [`fractional_year`]).
fn date_at(x: f64) -> Option<jiff::civil::Date> {
    let first = civil(x.floor() as i32, 1, 1)?;
    let day = ((x - x.floor()) * f64::from(first.days_in_year())).round() as i64;
    first.checked_add(jiff::Span::new().days(day)).ok()
}

impl Table {
    pub fn csv(&self, long: bool) -> Result<String, CliError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let err = |e: csv::Error| CliError::new(format!("cannot write CSV: {e}"));
        if long {
            w.write_record([
                "document",
                "date",
                "date_source",
                "id",
                "label",
                "kind",
                "count",
            ])
            .map_err(err)?;
            for d in &self.docs {
                for (id, label, kind, _) in &self.entries {
                    if let Some(n) = d.counts.get(id) {
                        w.write_record([
                            d.path.as_str(),
                            &date_str(d.date.as_ref()),
                            &source_str(d.date.as_ref()),
                            id,
                            label,
                            kind.as_str(),
                            &n.to_string(),
                        ])
                        .map_err(err)?;
                    }
                }
            }
        } else {
            let mut header = vec![
                "document".to_string(),
                "date".to_string(),
                "date_source".to_string(),
            ];
            header.extend(self.entries.iter().map(|e| e.0.clone()));
            w.write_record(&header).map_err(err)?;
            for d in &self.docs {
                let mut row = vec![
                    d.path.clone(),
                    date_str(d.date.as_ref()),
                    source_str(d.date.as_ref()),
                ];
                row.extend(
                    self.entries
                        .iter()
                        .map(|e| d.counts.get(&e.0).copied().unwrap_or(0).to_string()),
                );
                w.write_record(&row).map_err(err)?;
            }
        }
        let bytes = w
            .into_inner()
            .map_err(|e| CliError::new(format!("cannot write CSV: {e}")))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// An SVG chart of the `top` most-mentioned entries: mentions per document
    /// over time when at least two documents have dates, else total mentions.
    /// The file is written whole or not at all ([`crate::fsutil::atomic_write`]).
    pub fn chart(&self, path: &Path, top: usize) -> Result<(), CliError> {
        let mut svg = String::new();
        self.draw_chart(&mut svg, top)
            .map_err(|e| CliError::new(format!("cannot draw {}: {e}", path.display())))?;
        crate::fsutil::atomic_write(path, svg.as_bytes())
            .map_err(|e| CliError::io("write", path, &e))
    }

    /// Draws [`Table::chart`] into `svg`.
    fn draw_chart(&self, svg: &mut String, top: usize) -> Result<(), String> {
        let err = |e: String| e;
        let top: Vec<&(String, String, Kind, usize)> =
            self.entries.iter().filter(|e| e.3 > 0).take(top).collect();
        let root = SVGBackend::with_string(svg, (1100, 650)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
        let dated: Vec<&DocCounts> = self.docs.iter().filter(|d| d.date.is_some()).collect();
        let x_of = fractional_year;
        if dated.len() >= 2 && !top.is_empty() {
            let xs: Vec<f64> = dated.iter().filter_map(|d| d.day().map(x_of)).collect();
            let (x0, x1) = xs
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
            let (x0, x1) = if x1 - x0 < 1.0 {
                (x0 - 0.5, x1 + 0.5)
            } else {
                (x0, x1)
            };
            let ymax = dated
                .iter()
                .flat_map(|d| top.iter().map(|e| d.counts.get(&e.0).copied().unwrap_or(0)))
                .max()
                .unwrap_or(1)
                .max(1);
            let mut chart = ChartBuilder::on(&root)
                .caption("Mentions per document over time", ("sans-serif", 24))
                .margin(20)
                .x_label_area_size(40)
                .y_label_area_size(50)
                .build_cartesian_2d(x0..x1, 0usize..ymax + ymax / 10 + 1)
                .map_err(|e| err(e.to_string()))?;
            chart
                .configure_mesh()
                .x_desc("date")
                .y_desc("mentions")
                .x_label_formatter(&|x| {
                    if x1 - x0 < 4.0 {
                        date_at(*x).map_or(String::new(), |d| d.strftime("%Y-%m").to_string())
                    } else {
                        format!("{}", x.floor() as i64)
                    }
                })
                .draw()
                .map_err(|e| err(e.to_string()))?;
            for (i, e) in top.iter().enumerate() {
                let colour = Palette99::pick(i).to_rgba();
                let points: Vec<(f64, usize)> = dated
                    .iter()
                    .filter_map(|d| {
                        d.day()
                            .map(|date| (x_of(date), d.counts.get(&e.0).copied().unwrap_or(0)))
                    })
                    .collect();
                chart
                    .draw_series(LineSeries::new(points, colour.stroke_width(2)))
                    .map_err(|e| err(e.to_string()))?
                    .label(e.1.clone())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
                    });
            }
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .position(SeriesLabelPosition::UpperLeft)
                .draw()
                .map_err(|e| err(e.to_string()))?;
        } else {
            let n = top.len().max(1);
            let xmax = top.first().map_or(1, |e| e.3).max(1);
            let labels: Vec<String> = top.iter().map(|e| e.1.clone()).collect();
            let mut chart = ChartBuilder::on(&root)
                .caption("Most-mentioned entries", ("sans-serif", 24))
                .margin(20)
                .x_label_area_size(40)
                .y_label_area_size(260)
                .build_cartesian_2d(0usize..xmax + xmax / 10 + 1, (0usize..n).into_segmented())
                .map_err(|e| err(e.to_string()))?;
            chart
                .configure_mesh()
                .x_desc("mentions")
                .y_labels(n)
                .y_label_formatter(&|v| match v {
                    SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                        labels.get(*i).cloned().unwrap_or_default()
                    }
                    SegmentValue::Last => String::new(),
                })
                .draw()
                .map_err(|e| err(e.to_string()))?;
            chart
                .draw_series(top.iter().enumerate().map(|(i, e)| {
                    Rectangle::new(
                        [
                            (0, SegmentValue::Exact(i)),
                            (e.3, SegmentValue::Exact(i + 1)),
                        ],
                        Palette99::pick(i).filled(),
                    )
                }))
                .map_err(|e| err(e.to_string()))?;
        }
        root.present().map_err(|e| err(e.to_string()))?;
        Ok(())
    }
}

pub struct StatsArgs {
    pub inputs: super::Inputs,
    pub kind: Option<Kind>,
}

/// Counts the mentions of every document (in parallel, through the core's index).
pub fn table(args: &StatsArgs) -> Result<(Table, Vec<String>), CliError> {
    let session = args.inputs.session()?;
    let root = args
        .inputs
        .root
        .clone()
        .unwrap_or_else(|| super::find_root(&args.inputs.paths));
    let results = session.map_documents(|path, name, text| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for m in mentions(name, text, &session.matcher, false) {
            if args.kind.is_none_or(|k| k.as_str() == m.kind) {
                *counts.entry(m.id).or_default() += 1;
            }
        }
        let setting = path
            .strip_prefix(&root)
            .ok()
            .and_then(|relative| session.config.date_setting(&relative.to_string_lossy()));
        let date = document_date::choose(
            &HeadDates::of_text(text),
            setting.as_ref(),
            Some(&path.to_string_lossy()),
        );
        Ok(DocCounts {
            date,
            path: name.to_string(),
            counts,
        })
    });
    let (mut out, mut errors) = super::values_and_errors(results);
    errors.splice(0..0, session.problems.iter().map(|p| p.to_string()));
    errors.push(date_summary(&out));
    out.sort_by(|a, b| match (a.day(), b.day()) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.path.cmp(&b.path)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.path.cmp(&b.path),
    });
    let mut totals: HashMap<&str, usize> = HashMap::new();
    for d in &out {
        for (id, n) in &d.counts {
            *totals.entry(id.as_str()).or_default() += n;
        }
    }
    let glossary = session.matcher.glossary();
    let mut entries: Vec<(String, String, Kind, usize)> = totals
        .into_iter()
        .filter_map(|(id, n)| {
            let e = &glossary.entry(glossary.by_id(id)?).def;
            Some((id.to_string(), e.label.clone(), e.kind, n))
        })
        .collect();
    entries.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
    super::release(session);
    Ok((Table { docs: out, entries }, errors))
}

/// One line: how many documents have a date, by source, and how many none.
pub fn date_summary(docs: &[DocCounts]) -> String {
    let count = |source: &str| {
        docs.iter()
            .filter(|d| d.date.as_ref().is_some_and(|d| d.source_name() == source))
            .count()
    };
    format!(
        "dates: {} from front matter, {} set in gloss.toml, {} from datelines, {} from file names; {} without a date",
        count("front-matter"),
        count("setting"),
        count("dateline"),
        count("file-name"),
        docs.iter().filter(|d| d.date.is_none()).count()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_positions_round_trip() {
        assert_eq!(fractional_year((2023, 1, 1)), 2023.0);
        let x = fractional_year((2024, 7, 4));
        assert!(x > 2024.5 && x < 2024.52, "{x}");
        assert_eq!(date_at(x).map(as_tuple), Some((2024, 7, 4)));
        let date = DocumentDate {
            date: jiff::civil::date(2023, 7, 4),
            source: document_date::DateSource::FileName,
            year_only: false,
        };
        assert_eq!(date_str(Some(&date)), "2023-07-04");
        let year = DocumentDate {
            year_only: true,
            ..date.clone()
        };
        assert_eq!(date_str(Some(&year)), "2023");
        assert_eq!(source_str(Some(&date)), "from the file name");
    }
}
