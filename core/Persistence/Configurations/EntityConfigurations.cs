using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Persistence.Configurations;

internal sealed class PracticeConfiguration : IEntityTypeConfiguration<Practice>
{
    public void Configure(EntityTypeBuilder<Practice> builder)
    {
        builder.ToTable("practices");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.Number).IsUnique();
        builder.Ignore(p => p.Reference);
        builder.Ignore(p => p.ChannelList);
        builder.Property(p => p.Status).HasMaxLength(20);
        builder.Property(p => p.Language).HasMaxLength(5);
        builder.Property(p => p.Channels).HasMaxLength(100);
        builder.Property(p => p.ContributorEmail).HasMaxLength(320);
        builder.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        foreach (var (key, length) in new[] { (nameof(Practice.TitleKey), 100), (nameof(Practice.CountryCode), 16), (nameof(Practice.RegionCode), 16) })
        {
            // Kept by the triggers of the migration PracticeListKeys: EF Core never writes them.
            var property = builder.Property<string>(key).HasMaxLength(length).HasDefaultValue("").ValueGeneratedNever();
            property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            builder.HasIndex(key, nameof(Practice.Number));
        }
        // The review list's country + status filter (migration PracticeCountryStatus): both equalities are one range of
        // this index, in number order (at 100,000 practices the country's own index read ~10,500 rows for ~4,000).
        builder.HasIndex(nameof(Practice.CountryCode), nameof(Practice.Status), nameof(Practice.Number));
        builder.HasMany(p => p.Answers).WithOne().HasForeignKey(a => a.PracticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Flags).WithOne().HasForeignKey(f => f.PracticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Identities).WithOne().HasForeignKey(i => i.PracticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Events).WithOne().HasForeignKey(e => e.PracticeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnswerConfiguration : IEntityTypeConfiguration<Answer>
{
    public void Configure(EntityTypeBuilder<Answer> builder)
    {
        builder.ToTable("answers");
        builder.HasKey(a => new { a.PracticeId, a.QuestionId });
        builder.Property(a => a.QuestionId).HasMaxLength(64);
        builder.Property(a => a.UpdatedBy).HasMaxLength(200);
    }
}

internal sealed class FlagConfiguration : IEntityTypeConfiguration<Flag>
{
    public void Configure(EntityTypeBuilder<Flag> builder)
    {
        builder.ToTable("flags");
        builder.Property(f => f.Reason).HasMaxLength(64);
        builder.Property(f => f.QuestionId).HasMaxLength(64);
    }
}

internal sealed class ContributorIdentityConfiguration : IEntityTypeConfiguration<ContributorIdentity>
{
    public void Configure(EntityTypeBuilder<ContributorIdentity> builder)
    {
        builder.ToTable("contributor_identities");
        builder.Property(i => i.Channel).HasMaxLength(32);
        builder.Property(i => i.ExternalId).HasMaxLength(320);
        builder.HasIndex(i => new { i.Channel, i.ExternalId });
        builder.HasIndex(i => new { i.PracticeId, i.Channel, i.ExternalId }).IsUnique();
    }
}

internal sealed class PracticeEventConfiguration : IEntityTypeConfiguration<PracticeEvent>
{
    public void Configure(EntityTypeBuilder<PracticeEvent> builder)
    {
        builder.ToTable("practice_events");
        builder.HasIndex(e => new { e.PracticeId, e.Id });
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.QuestionId).HasMaxLength(64);
    }
}

internal sealed class RawInputConfiguration : IEntityTypeConfiguration<RawInput>
{
    /// <summary>The table of the raw inputs' bytes (<see cref="RawInput.Content"/>) on SQLite: the row's id and its bytes.</summary>
    public const string RawInputContentTable = "raw_input_contents";

    /// <summary>
    /// The bytes in a table of their own (SQLite), written once and never updated: every later change of the input's row
    /// (its outcome, a claim, its practice) rewrites that row's record, and SQLite would rebuild a 40 MB mail in memory
    /// with it. Alone and last in their row, they are written in pieces (RawInputStore) without SQLite ever holding them
    /// whole. Not on PostgreSQL, whose update of a row copies only a pointer to a large value kept out of line (TOAST), and
    /// where the second table cost every chat turn a row, an index entry, a foreign key's check and its lock (3 of a
    /// turn's 20 WAL records; migration RawInputBytesInRow).
    /// </summary>
    public static void SplitBytes(EntityTypeBuilder<RawInput> builder) =>
        builder.SplitToTable(RawInputContentTable, t => t.Property(r => r.Content));

    public void Configure(EntityTypeBuilder<RawInput> builder)
    {
        builder.ToTable("raw_inputs");
        // The bytes in the input's own row here (PostgreSQL: migration RawInputBytesInRow); SQLite keeps them in a table of
        // their own (SqliteDatabaseProvider.ConfigureModel, SplitBytes).
        builder.HasIndex(r => new { r.Channel, r.DedupKey }).IsUnique();
        // A practice's inputs in id order (not PracticeId alone): "its last input" (the reminders' Max(Id), the router's
        // last channel) is one descent to the end of the practice's range. With PracticeId alone, PostgreSQL walked the
        // primary key backwards from the newest input, filtering by practice: a whole table's walk for a practice whose
        // inputs are months old (migration RawInputsByPracticeInIdOrder). Every query by practice still reads it.
        builder.HasIndex(r => new { r.PracticeId, r.Id });
        builder.HasIndex(r => r.ConversationId);
        // The mail accepted and not read yet (the reader's "next received rows after id N", and its last look from the
        // start) found without a scan of every mail ever kept: only rows still received are in it, so it stays small.
        // Mail only (migrations UnreadMailIndexMailOnly): a chat turn's raw input is stored "received" and stays so, and
        // each one added an entry that no reader reads (on PostgreSQL an index entry and its WAL record at every turn,
        // kept forever). The mail reader's queries name the e-mail channel as a constant, which implies the filter.
        builder.HasIndex(r => new { r.Channel, r.Id }, "IX_raw_inputs_received")
            .HasFilter("\"Outcome\" = 'received' AND \"Channel\" = '" + Channels.Email + "'");
        // The mail being read (a lease held): few rows at any time, so a watcher starting finds the leases a dead worker
        // left without walking every input ever kept (migrations MailBeingReadIndex; was a primary key walk of the whole
        // table, 0.3–4 s at 200,000 inputs).
        builder.HasIndex(r => new { r.Channel, r.Id }, "IX_raw_inputs_processing")
            .HasFilter("\"Outcome\" = 'processing' AND \"Channel\" = '" + Channels.Email + "'");
        builder.Property(r => r.Channel).HasMaxLength(32);
        builder.Property(r => r.DedupKey).HasMaxLength(500);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.Property(r => r.Outcome).HasMaxLength(20);
        builder.HasOne<Practice>().WithMany().HasForeignKey(r => r.PracticeId).OnDelete(DeleteBehavior.SetNull);
    }
}
