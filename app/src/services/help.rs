//! The help centre: its index, its search and its articles for everyone,
//! and versioned edits for staff. Each article's text is its newest
//! version in the reader's language; older versions stay, never rewritten.

use super::accounts::User;
use crate::domain::help::{HelpDraft, HelpForm, Section};
use crate::domain::locale::Lang;
use crate::domain::msg::AccountMsg;
use crate::error::{AppError, AppResult, Msg};
use crate::views::help::{HelpArticle, HelpEdit, HelpEntry, HelpIndex, HelpVersion};
use sqlx::PgPool;

/// How many results a search shows.
const RESULTS: i64 = 20;
/// The answer's first characters a result shows.
const EXCERPT: usize = 180;

/// The full-text configuration of a language (migration 19: stemming
/// after accents are taken off).
fn config(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "help_fr",
        Lang::En => "help_en",
    }
}

struct Row {
    slug: String,
    section: String,
    question: String,
    answer: String,
}

fn entry(r: Row) -> AppResult<HelpEntry> {
    let section = Section::from_slug(&r.section)
        .ok_or_else(|| AppError::internal(format!("unknown help section {}", r.section)))?;
    Ok(HelpEntry {
        slug: r.slug,
        section,
        question: r.question,
        excerpt: excerpt(&r.answer),
    })
}

/// The first words of `answer`, cut at a word.
fn excerpt(answer: &str) -> String {
    let first = answer.split("\n\n").next().unwrap_or_default();
    if first.chars().count() <= EXCERPT {
        return first.to_owned();
    }
    let cut: String = first.chars().take(EXCERPT).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// Every question, in its section, in the articles' order.
pub async fn index(pool: &PgPool, lang: Lang) -> AppResult<HelpIndex> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT a.slug AS "slug!", a.section AS "section!", v.question AS "question!", v.answer AS "answer!"
             FROM help_articles a
             JOIN LATERAL (SELECT question, answer FROM help_versions
                            WHERE article_id = a.id AND lang = $1
                            ORDER BY version DESC LIMIT 1) v ON true
            ORDER BY a.position"#,
        lang.code()
    )
    .fetch_all(pool)
    .await?;
    let mut sections: Vec<(Section, Vec<HelpEntry>)> =
        Section::ALL.iter().map(|s| (*s, Vec::new())).collect();
    for row in rows {
        let e = entry(row)?;
        if let Some((_, list)) = sections.iter_mut().find(|(s, _)| *s == e.section) {
            list.push(e);
        }
    }
    Ok(HelpIndex { sections })
}

/// The articles whose newest text matches `terms`, best first: those with
/// every word before those with some, then by rank (a word of the
/// question weighs more than one of the answer). Accents, word order and
/// endings do not matter ("mot passe oublie" finds "Mot de passe oublié").
pub async fn search(pool: &PgPool, lang: Lang, terms: &str) -> AppResult<Vec<HelpEntry>> {
    let rows = sqlx::query_as!(
        Row,
        r#"WITH q AS (
               SELECT plainto_tsquery(CAST($2::text AS regconfig), $3) AS every,
                      replace(plainto_tsquery(CAST($2::text AS regconfig), $3)::text, ' & ', ' | ')::tsquery AS some
           ), current AS (
               SELECT DISTINCT ON (article_id) article_id, question, answer, search
                 FROM help_versions WHERE lang = $1
                ORDER BY article_id, version DESC
           )
           SELECT a.slug AS "slug!", a.section AS "section!", c.question AS "question!", c.answer AS "answer!"
             FROM current c JOIN help_articles a ON a.id = c.article_id, q
            WHERE q.some::text <> '' AND c.search @@ q.some
            ORDER BY (c.search @@ q.every) DESC, ts_rank_cd(c.search, q.some) DESC, a.position
            LIMIT $4"#,
        lang.code(),
        config(lang) as &str,
        terms,
        RESULTS
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(entry).collect()
}

/// One article in `lang`.
pub async fn article(pool: &PgPool, lang: Lang, slug: &str) -> AppResult<HelpArticle> {
    let row = sqlx::query!(
        r#"SELECT a.slug AS "slug!", a.section AS "section!", a.link AS "link!",
                  v.question AS "question!", v.answer AS "answer!", v.version AS "version!",
                  v.created_at AS "created_at!"
             FROM help_articles a
             JOIN LATERAL (SELECT question, answer, version, created_at FROM help_versions
                            WHERE article_id = a.id AND lang = $1
                            ORDER BY version DESC LIMIT 1) v ON true
            WHERE a.slug = $2"#,
        lang.code(),
        slug
    )
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound(Msg::Account(AccountMsg::NoSuchArticle)))?;
    Ok(HelpArticle {
        section: Section::from_slug(&row.section)
            .ok_or_else(|| AppError::internal("unknown help section"))?,
        slug: row.slug,
        question: row.question,
        answer: row.answer,
        link: row.link,
        version: row.version,
        updated_at: row.created_at.date(),
    })
}

/// What staff edit: the newest text in both languages and every version.
pub async fn edit_view(pool: &PgPool, staff: &User, slug: &str) -> AppResult<HelpEdit> {
    staff.require_staff()?;
    let (fr, en) = (
        article(pool, Lang::Fr, slug).await?,
        article(pool, Lang::En, slug).await?,
    );
    let versions = sqlx::query!(
        r#"SELECT v.lang AS "lang!", v.version AS "version!", v.question AS "question!",
                  u.display_name AS "editor?", v.created_at AS "created_at!"
             FROM help_versions v JOIN help_articles a ON a.id = v.article_id
             LEFT JOIN users u ON u.id = v.edited_by
            WHERE a.slug = $1
            ORDER BY v.created_at DESC, v.lang"#,
        slug
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| HelpVersion {
        lang: Lang::from_code(&r.lang).unwrap_or_default(),
        version: r.version,
        question: r.question,
        edited_by: r.editor,
        saved_at: r.created_at,
    })
    .collect();
    let form = HelpForm {
        slug: fr.slug,
        section: fr.section.slug().to_owned(),
        link: fr.link,
        fr_question: fr.question,
        fr_answer: fr.answer,
        en_question: en.question,
        en_answer: en.answer,
    };
    Ok(HelpEdit { form, versions })
}

/// Saves an article: a new one goes last in its section's order; an
/// existing one gets a new version of each language whose text changed.
/// Returns the versions written (0 when nothing changed).
pub async fn save(pool: &PgPool, staff: &User, draft: &HelpDraft) -> AppResult<usize> {
    staff.require_staff()?;
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO help_articles (slug, section, link, position)
           VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM help_articles))
           ON CONFLICT (slug) DO UPDATE SET section = EXCLUDED.section, link = EXCLUDED.link
           RETURNING id"#,
        draft.slug,
        draft.section.slug(),
        draft.link
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut written = 0;
    for lang in Lang::ALL {
        let text = draft.text(lang);
        let inserted = sqlx::query!(
            r#"INSERT INTO help_versions (article_id, lang, version, question, answer, edited_by)
               SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5
                 FROM help_versions WHERE article_id = $1 AND lang = $2
               HAVING NOT EXISTS (
                   SELECT 1 FROM help_versions v
                    WHERE v.article_id = $1 AND v.lang = $2
                      AND v.version = (SELECT max(version) FROM help_versions WHERE article_id = $1 AND lang = $2)
                      AND v.question = $3 AND v.answer = $4)"#,
            id,
            lang.code(),
            text.question,
            text.answer,
            staff.id
        )
        .execute(&mut *tx)
        .await?;
        written += inserted.rows_affected() as usize;
    }
    tx.commit().await?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_stop_at_a_word_and_at_the_first_paragraph() {
        assert_eq!(excerpt("Short.\n\nSecond."), "Short.");
        let long = "word ".repeat(60);
        let e = excerpt(&long);
        assert!(e.ends_with("word…") && e.chars().count() <= 181, "{e}");
    }
}
