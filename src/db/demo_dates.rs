//! The demo's 2022 year dated as it happened: the rows the loader writes "now" (registrations,
//! reviews, proposals, the council, the decision, the submission) moved to the days of the 2022
//! cycle, so that every page and paper of the closed year reads inside its year's chronology.

use super::Tx;

/// Dates campaign `id`'s rows in the 2022 cycle (see `demo::plan::timeline_2022`): registrations
/// in January and February, progress in July, the units' reviews and proposals in early December,
/// the Office's acceptance on 12/12, the council on 20/12, the notice on 21/12, the decision on
/// 29/12/2022, the submission upward on 09/01/2023; every registration sent confirmed (by `head`
/// where no one had). The campaign's other dates are its own.
pub async fn date_2022(tx: &mut Tx<'_>, id: i64, head: i64) -> Result<(), sqlx::Error> {
    date_plan_and_registrations(tx, id, head).await?;
    // the year's ratings, given at the units' reviews
    sqlx::query!(
        "UPDATE ratings SET updated_at = timestamptz '2022-12-02 16:00+07' WHERE year = 2022"
    )
    .execute(&mut **tx)
    .await?;
    // the units' reviews and their proposals
    sqlx::query!(
        "UPDATE unit_reviews SET created_at = held_on + time '07:30' AT TIME ZONE 'Asia/Ho_Chi_Minh',
             updated_at = held_on + time '11:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
         WHERE campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE proposals SET created_at = timestamptz '2022-12-05 14:00+07',
             submitted_at = CASE WHEN submitted_at IS NULL THEN NULL
                 ELSE timestamptz '2022-12-07 09:00+07' + (id % 3) * interval '1 day' END,
             returned_at = CASE WHEN returned_at IS NULL THEN NULL
                 ELSE timestamptz '2022-12-09 15:00+07' END,
             updated_at = timestamptz '2022-12-12 16:00+07'
         WHERE campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE proposal_lines l SET created_at = timestamptz '2022-12-05 14:00+07',
             updated_at = timestamptz '2022-12-12 16:00+07',
             report_updated_at = CASE WHEN l.report_updated_at IS NULL THEN NULL
                 ELSE timestamptz '2022-12-06 10:00+07' END
         FROM proposals p WHERE p.id = l.proposal_id AND p.campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE proposal_events e SET at = CASE e.kind
                 WHEN 'submitted' THEN timestamptz '2022-12-07 09:00+07' + (p.id % 3) * interval '1 day'
                 WHEN 'returned' THEN timestamptz '2022-12-09 15:00+07'
                 ELSE timestamptz '2022-12-12 16:00+07' END
         FROM proposals p WHERE p.id = e.proposal_id AND p.campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE exemplars SET created_at = timestamptz '2022-12-06 10:00+07',
             updated_at = timestamptz '2022-12-13 10:00+07',
             decided_at = CASE WHEN decided_at IS NULL THEN NULL ELSE timestamptz '2022-12-14 10:00+07' END
         WHERE campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    date_council_and_after(tx, id).await
}

/// The council's meetings (their day, from 8:00), the notices, the decisions and submissions, the
/// files kept with them, and the registry's entries.
async fn date_council_and_after(tx: &mut Tx<'_>, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE council_meetings SET
             created_at = (held_on - 5) + time '09:00' AT TIME ZONE 'Asia/Ho_Chi_Minh',
             opened_at = CASE WHEN opened_at IS NULL THEN NULL
                 ELSE held_on + time '08:00' AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
             closed_at = CASE WHEN closed_at IS NULL THEN NULL
                 ELSE held_on + time '10:30' AT TIME ZONE 'Asia/Ho_Chi_Minh' END
         WHERE campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE council_votes v SET at = m.held_on + time '09:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
         FROM council_meetings m WHERE m.id = v.meeting_id AND m.campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE notices SET posted_at = posted_on + time '08:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
         WHERE campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE notice_comments c SET
             created_at = n.posted_on + time '14:00' AT TIME ZONE 'Asia/Ho_Chi_Minh',
             resolved_at = CASE WHEN c.resolved_at IS NULL THEN NULL
                 ELSE (n.posted_on + 1) + time '10:00' AT TIME ZONE 'Asia/Ho_Chi_Minh' END
         FROM notices n WHERE n.id = c.notice_id AND n.campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE decisions SET
             created_at = (decided_on - 2) + time '09:00' AT TIME ZONE 'Asia/Ho_Chi_Minh',
             approved_at = CASE WHEN approved_at IS NULL THEN NULL
                 ELSE decided_on + time '10:00' AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
             issued_at = CASE WHEN issued_at IS NULL THEN NULL
                 ELSE decided_on + time '15:00' AT TIME ZONE 'Asia/Ho_Chi_Minh' END
         WHERE campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE submissions SET
             created_at = (submitted_on - 3) + time '09:00' AT TIME ZONE 'Asia/Ho_Chi_Minh',
             sent_at = CASE WHEN sent_at IS NULL THEN NULL
                 ELSE submitted_on + time '15:00' AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
             missing_confirmed_at = CASE WHEN missing_confirmed_at IS NULL THEN NULL
                 ELSE submitted_on + time '09:00' AT TIME ZONE 'Asia/Ho_Chi_Minh' END
         WHERE campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    // the files: each on the day of the step it belongs to
    sqlx::query!(
        "UPDATE documents d SET uploaded_at = coalesce(
             (SELECT r.held_on + time '16:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
                FROM unit_reviews r WHERE r.id = d.review_id),
             (SELECT timestamptz '2022-12-06 10:00+07' FROM proposal_lines l WHERE l.id = d.line_id),
             (SELECT m.held_on + time '11:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
                FROM council_meetings m WHERE m.id = d.meeting_id),
             (SELECT x.decided_on + time '15:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
                FROM decisions x WHERE x.id = d.decision_id),
             (SELECT s.submitted_on + time '15:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
                FROM submissions s WHERE s.id = d.submission_id),
             d.uploaded_at)
         WHERE d.review_id IN (SELECT id FROM unit_reviews WHERE campaign_id = $1)
            OR d.line_id IN (SELECT l.id FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
                             WHERE p.campaign_id = $1)
            OR d.meeting_id IN (SELECT id FROM council_meetings WHERE campaign_id = $1)
            OR d.decision_id IN (SELECT id FROM decisions WHERE campaign_id = $1)
            OR d.submission_id IN (SELECT id FROM submissions WHERE campaign_id = $1)",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE award_history SET created_at = decided_on + time '15:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
         WHERE source = 'app' AND decided_on IS NOT NULL AND year = 2022",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every registration sent in campaign `id` confirmed (by `head` where no one had), as at a year's
/// end; a draft never sent stays one.
pub async fn confirm_sent(tx: &mut Tx<'_>, id: i64, head: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE registrations SET status = 'confirmed', reviewed_by = coalesce(reviewed_by, $2),
             reviewed_at = coalesce(reviewed_at, now()), review_comment = ''
         WHERE campaign_id = $1 AND status IN ('submitted', 'returned')",
        id,
        head
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The plan's drafting and publication, the registrations (every one sent confirmed, by `head`
/// where no one had) and their progress in July.
async fn date_plan_and_registrations(
    tx: &mut Tx<'_>,
    id: i64,
    head: i64,
) -> Result<(), sqlx::Error> {
    confirm_sent(tx, id, head).await?;
    // the plan: drafted on 04/01, published with its date, 05/01/2022; the year closed at the end
    // of January 2023
    sqlx::query!(
        "UPDATE campaigns SET created_at = timestamptz '2022-01-04 09:00+07',
             published_at = timestamptz '2022-01-05 15:00+07',
             updated_at = timestamptz '2023-01-31 16:00+07'
         WHERE id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE campaign_versions SET at = timestamptz '2022-01-05 15:00+07' WHERE campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    // registrations: sent over six weeks from 10/01, confirmed three days later
    sqlx::query!(
        "UPDATE registrations SET
             created_at = timestamptz '2022-01-10 08:30+07' + (id % 40) * interval '1 day',
             submitted_at = CASE WHEN submitted_at IS NULL THEN NULL
                 ELSE timestamptz '2022-01-10 09:00+07' + (id % 40) * interval '1 day' END,
             reviewed_at = CASE WHEN reviewed_at IS NULL THEN NULL
                 ELSE timestamptz '2022-01-13 10:00+07' + (id % 40) * interval '1 day' END,
             updated_at = timestamptz '2022-01-13 10:00+07' + (id % 40) * interval '1 day'
         WHERE campaign_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE registration_commitments m SET
             progress_at = timestamptz '2022-07-04 15:00+07' + (m.registration_id % 8) * interval '1 day'
         FROM registrations r WHERE r.id = m.registration_id AND r.campaign_id = $1
           AND m.progress_at IS NOT NULL",
        id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
