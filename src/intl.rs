//! The browser's `Intl` formatters, bound directly (js-sys does not cover all of them the same
//! way across versions). Country names, dates, numbers and plural categories all come from the
//! browser, so no name lists or CLDR data are shipped in the wasm.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DisplayNames)]
    type DisplayNames;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DisplayNames", catch)]
    fn new(locales: &Array, options: &Object) -> Result<DisplayNames, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn of(this: &DisplayNames, code: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(locales: &Array, options: &Object) -> Result<DateTimeFormat, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn format(this: &DateTimeFormat, date: &js_sys::Date) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "NumberFormat", catch)]
    fn new(locales: &Array) -> Result<NumberFormat, JsValue>;
    #[wasm_bindgen(method, js_name = format)]
    fn format_number(this: &NumberFormat, value: f64) -> String;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "NumberFormat", catch)]
    fn new_with_options(locales: &Array, options: &Object) -> Result<NumberFormat, JsValue>;
    /// Formats a decimal string exactly (Intl.NumberFormat v3): money never goes through f64.
    #[wasm_bindgen(method, js_name = format)]
    fn format_decimal(this: &NumberFormat, value: &str) -> String;

    #[wasm_bindgen(js_namespace = Intl, js_name = PluralRules)]
    type PluralRules;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "PluralRules", catch)]
    fn new(locales: &Array) -> Result<PluralRules, JsValue>;
    #[wasm_bindgen(method)]
    fn select(this: &PluralRules, value: f64) -> String;

    #[wasm_bindgen(js_namespace = Intl, js_name = Collator)]
    type Collator;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "Collator", catch)]
    fn new(locales: &Array) -> Result<Collator, JsValue>;
    #[wasm_bindgen(method)]
    fn compare(this: &Collator, a: &str, b: &str) -> f64;
}

fn locales(tag: &str) -> Array {
    Array::of1(&JsValue::from_str(tag))
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

/// Region codes paired with their names, sorted by name the way the language sorts.
pub fn sorted_regions(tag: &str, codes: impl IntoIterator<Item = &'static str>) -> Vec<(&'static str, String)> {
    let names = DisplayNames::new(&locales(tag), &options(&[("type", "region")])).ok();
    let mut regions: Vec<(&'static str, String)> = codes
        .into_iter()
        .map(|code| {
            let name = names
                .as_ref()
                .and_then(|n| n.of(code).ok())
                .and_then(|n| n.as_string())
                .unwrap_or_else(|| code.to_owned());
            (code, name)
        })
        .collect();
    match Collator::new(&locales(tag)) {
        Ok(collator) => regions.sort_by(|a, b| {
            collator
                .compare(&a.1, &b.1)
                .partial_cmp(&0.0)
                .unwrap_or(std::cmp::Ordering::Equal)
        }),
        Err(_) => regions.sort_by(|a, b| a.1.cmp(&b.1)),
    }
    regions
}

/// An RFC 3339 timestamp as a date (`dateStyle: long`) in the given language.
pub fn format_date(tag: &str, rfc3339: &str) -> String {
    format_with(tag, rfc3339, &[("dateStyle", "long")])
}

/// An RFC 3339 timestamp as date and time (`medium` / `short`) in the given language.
pub fn format_date_time(tag: &str, rfc3339: &str) -> String {
    format_with(
        tag,
        rfc3339,
        &[("dateStyle", "medium"), ("timeStyle", "short")],
    )
}

fn format_with(tag: &str, rfc3339: &str, style: &[(&str, &str)]) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return String::new();
    }
    DateTimeFormat::new(&locales(tag), &options(style))
        .and_then(|f| f.format(&date))
        .unwrap_or_default()
}

/// A count formatted for the given language (digit grouping and so on).
pub fn format_count(tag: &str, value: usize) -> String {
    NumberFormat::new(&locales(tag))
        .map(|f| f.format_number(value as f64))
        .unwrap_or_else(|_| value.to_string())
}

/// `minor` minor units of a currency with `minor_units` decimals as a decimal string
/// (`117900`, 2 -> `1179.00`).
pub fn minor_to_decimal(minor: i64, minor_units: u8) -> String {
    let digits = minor.unsigned_abs().to_string();
    let units = usize::from(minor_units);
    let padded = format!("{digits:0>width$}", width = units + 1);
    let (whole, fraction) = padded.split_at(padded.len() - units);
    let sign = if minor < 0 { "-" } else { "" };
    match units {
        0 => format!("{sign}{whole}"),
        _ => format!("{sign}{whole}.{fraction}"),
    }
}

/// An amount of money in the given language and currency (`US$1,179.00`, `1.179,00 €`).
pub fn format_money(tag: &str, minor: i64, currency: &str, minor_units: u8) -> String {
    let decimal = minor_to_decimal(minor, minor_units);
    NumberFormat::new_with_options(&locales(tag), &options(&[("style", "currency"), ("currency", currency)]))
        .map(|f| f.format_decimal(&decimal))
        .unwrap_or_else(|_| format!("{decimal} {currency}"))
}

/// The CLDR plural category (`zero`, `one`, `two`, `few`, `many`, `other`) of a count.
pub fn plural_category(tag: &str, value: f64) -> String {
    PluralRules::new(&locales(tag))
        .map(|rules| rules.select(value))
        .unwrap_or_else(|_| "other".to_owned())
}

/// A calendar date (`YYYY-MM-DD`, no time zone) in the given language, as the same day everywhere.
pub fn format_plain_date(tag: &str, date: &str) -> String {
    let formatted = format_with(
        tag,
        &format!("{date}T00:00:00Z"),
        &[("dateStyle", "medium"), ("timeZone", "UTC")],
    );
    if formatted.is_empty() {
        date.to_owned()
    } else {
        formatted
    }
}

/// A calendar month (`YYYY-MM`) in the given language: `long` gives "November 2026", otherwise
/// the short month name alone ("Nov").
pub fn format_plain_month(tag: &str, month: &str, long: bool) -> String {
    let style: &[(&str, &str)] = if long {
        &[("year", "numeric"), ("month", "long"), ("timeZone", "UTC")]
    } else {
        &[("month", "short"), ("timeZone", "UTC")]
    };
    let formatted = format_with(tag, &format!("{month}-01T00:00:00Z"), style);
    if formatted.is_empty() {
        month.to_owned()
    } else {
        formatted
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type UnitNumberFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "NumberFormat", catch)]
    fn new(locales: &Array, options: &Object) -> Result<UnitNumberFormat, JsValue>;
    #[wasm_bindgen(method, js_name = format)]
    fn format_number(this: &UnitNumberFormat, value: f64) -> String;
}

/// A file size in bytes as the language writes it (`1.4 MB`, `1,4 MB`), in decimal units.
pub fn format_bytes(tag: &str, bytes: u64) -> String {
    let (value, unit) = match bytes {
        b if b >= 1_000_000_000 => (b as f64 / 1e9, "gigabyte"),
        b if b >= 1_000_000 => (b as f64 / 1e6, "megabyte"),
        b if b >= 1_000 => (b as f64 / 1e3, "kilobyte"),
        b => (b as f64, "byte"),
    };
    let opts = options(&[("style", "unit"), ("unit", unit), ("unitDisplay", "short")]);
    let _ = Reflect::set(&opts, &JsValue::from_str("maximumFractionDigits"), &JsValue::from_f64(1.0));
    UnitNumberFormat::new(&locales(tag), &opts)
        .map(|f| f.format_number(value))
        .unwrap_or_else(|_| format!("{bytes} B"))
}

/// The name of a language (`kind` = `language`: `de`, `zh-TW`) or region (`region`: `SI`) in
/// the given language, from the browser; the code itself when the browser does not know it.
pub fn display_name(tag: &str, kind: &str, code: &str) -> String {
    DisplayNames::new(&locales(tag), &options(&[("type", kind)]))
        .ok()
        .and_then(|names| names.of(code).ok())
        .and_then(|name| name.as_string())
        .unwrap_or_else(|| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::minor_to_decimal;

    #[test]
    fn minor_units_become_exact_decimals() {
        assert_eq!(minor_to_decimal(117_900, 2), "1179.00");
        assert_eq!(minor_to_decimal(86_058, 2), "860.58");
        assert_eq!(minor_to_decimal(5, 2), "0.05");
        assert_eq!(minor_to_decimal(0, 2), "0.00");
        assert_eq!(minor_to_decimal(-150, 2), "-1.50");
        assert_eq!(minor_to_decimal(1500, 0), "1500");
        assert_eq!(minor_to_decimal(i64::MIN, 2), "-92233720368547758.08");
    }
}
