using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Core.Persistence.Configurations;

internal sealed class PracticeReviewConfiguration : IEntityTypeConfiguration<PracticeReview>
{
    public void Configure(EntityTypeBuilder<PracticeReview> builder)
    {
        builder.ToTable("practice_reviews");
        builder.HasKey(r => r.PracticeId);
        builder.HasOne<Practice>().WithOne().HasForeignKey<PracticeReview>(r => r.PracticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.DuplicateOfId);
        builder.Property(r => r.IntegrationAreasJson).HasMaxLength(1000);
        builder.Property(r => r.TargetGroupsJson).HasMaxLength(1000);
        builder.Property(r => r.UpdatedBy).HasMaxLength(200);
    }
}

internal sealed class PracticeAssessmentConfiguration : IEntityTypeConfiguration<PracticeAssessment>
{
    public void Configure(EntityTypeBuilder<PracticeAssessment> builder)
    {
        builder.ToTable("practice_assessments");
        builder.HasKey(a => new { a.PracticeId, a.Aspect });
        builder.HasOne<Practice>().WithMany().HasForeignKey(a => a.PracticeId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.Aspect).HasMaxLength(64);
        builder.Property(a => a.UpdatedBy).HasMaxLength(200);
    }
}

internal sealed class ContributorNotificationConfiguration : IEntityTypeConfiguration<ContributorNotification>
{
    public void Configure(EntityTypeBuilder<ContributorNotification> builder)
    {
        builder.ToTable("contributor_notifications");
        builder.HasOne<Practice>().WithMany().HasForeignKey(n => n.PracticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.State, n.Channel });
        builder.HasIndex(n => n.PracticeId);
        builder.Property(n => n.Kind).HasMaxLength(32);
        builder.Property(n => n.Channel).HasMaxLength(32);
        builder.Property(n => n.Recipient).HasMaxLength(320);
        builder.Property(n => n.Language).HasMaxLength(5);
        builder.Property(n => n.PracticeReference).HasMaxLength(20);
        builder.Property(n => n.CreatedBy).HasMaxLength(200);
        builder.Property(n => n.State).HasMaxLength(20);
        builder.Property(n => n.Subject).HasMaxLength(300);
    }
}

/// <summary>
/// Indexes the review list filters and sorts on (measured at 100,000 practices): each sort reads its page from an
/// index in order (the number breaks ties), a filter by status or language finds its rows without a scan.
/// </summary>
internal sealed class ReviewIndexesConfiguration : IEntityTypeConfiguration<Practice>
{
    public void Configure(EntityTypeBuilder<Practice> builder)
    {
        builder.HasIndex(p => new { p.UpdatedAt, p.Number });
        builder.HasIndex(p => new { p.Status, p.Number });
        // The list's filter by submission date (migration PracticeSubmittedAt): a range of days is a range of this index
        // (the count of a month at 100,000 practices read every row without it). SubmittedAt changes once, at the
        // submission, so PostgreSQL's chat turns stay heap-only.
        builder.HasIndex(p => new { p.SubmittedAt, p.Number });
        // SQLite's is (Language, Number, Id): SqliteDatabaseProvider.ConfigureModel.
        builder.HasIndex(p => p.Language);
    }
}

/// <summary>
/// The answers by question and value, for the short values only (codes, choices, dates: the dashboard's counts). A long
/// text's value is left out: PostgreSQL refuses a btree entry above 2,704 bytes, and a 5,000-character Greek description
/// is ~30,000 bytes of JSON that compresses to ~4,500 (it was refused, with the whole turn). At
/// <see cref="MaxIndexedValueLength"/> characters (4 UTF-8 bytes at most each) and the 64 of the question an entry
/// stays below the limit uncompressed. A query that reads this index states the same condition
/// (<c>a.ValueJson.Length &lt;= MaxIndexedValueLength</c>), which both planners need to use a partial index.
/// </summary>
internal sealed class ReviewAnswerIndexesConfiguration : IEntityTypeConfiguration<Answer>
{
    public const int MaxIndexedValueLength = 500;

    /// <summary>The index's condition in SQL, <see cref="MaxIndexedValueLength"/> written out (both providers: <c>length</c> counts characters).</summary>
    public const string Filter = "length(\"ValueJson\") <= 500";

    public void Configure(EntityTypeBuilder<Answer> builder) =>
        builder.HasIndex(a => new { a.QuestionId, a.ValueJson }).HasFilter(Filter);
}

/// <summary>
/// The review list's multi-value filters (area, target group): one row per practice, kind and code, kept by triggers
/// (migration PracticeCodes). No foreign key: the triggers remove a deleted practice's codes themselves (a key would
/// refuse the rows the answers' triggers write while the practice's cascade runs).
/// </summary>
internal sealed class PracticeCodeConfiguration : IEntityTypeConfiguration<PracticeCode>
{
    public void Configure(EntityTypeBuilder<PracticeCode> builder)
    {
        builder.ToTable("practice_codes");
        builder.HasKey(c => new { c.PracticeId, c.Kind, c.Code });
        builder.Property(c => c.Kind).HasMaxLength(16);
        builder.HasIndex(c => new { c.Kind, c.Code, c.PracticeId });
    }
}
