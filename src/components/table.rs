//! Data tables: the scrolling frame, an optional caption for screen readers, and the header
//! row (every column heading with `scope="col"`, numbers aligned to the end, headings only
//! screen readers read for a column of row actions); the rows are the children.

use leptos::prelude::*;

/// One column heading.
#[derive(Clone)]
pub struct Column {
    label: ArcSignal<String>,
    numeric: bool,
    hidden: bool,
}

impl Column {
    pub fn new(label: impl Into<ArcSignal<String>>) -> Self {
        Self { label: label.into(), numeric: false, hidden: false }
    }

    /// A column of numbers (aligned to the end).
    pub fn num(label: impl Into<ArcSignal<String>>) -> Self {
        Self { numeric: true, ..Self::new(label) }
    }

    /// A heading read by screen readers only, such as a column of row actions.
    pub fn hidden(label: impl Into<ArcSignal<String>>) -> Self {
        Self { hidden: true, ..Self::new(label) }
    }

    /// A heading that is the same in every language ("SHA-256").
    pub fn fixed(label: &'static str) -> Self {
        Self::new(ArcSignal::stored(label.to_owned()))
    }
}

#[component]
pub fn TableHead(columns: Vec<Column>) -> impl IntoView {
    let cells = columns
        .into_iter()
        .map(|column| {
            let label = column.label;
            let class = column.numeric.then_some("num");
            if column.hidden {
                view! { <th scope="col" class=class><span class="visually-hidden">{label}</span></th> }.into_any()
            } else {
                view! { <th scope="col" class=class>{label}</th> }.into_any()
            }
        })
        .collect_view();
    view! {
        <thead>
            <tr>{cells}</tr>
        </thead>
    }
}

/// A data table in its scrolling frame; the children are its rows.
#[component]
pub fn DataTable(
    columns: Vec<Column>,
    /// What the table lists, for screen readers (when no heading says it).
    #[prop(optional, into)]
    caption: Option<ArcSignal<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                {caption.map(|c| view! { <caption class="visually-hidden">{c}</caption> })}
                <TableHead columns=columns />
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
