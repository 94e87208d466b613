using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Persistence.Configurations;

internal sealed class MailOutboxMessageConfiguration : IEntityTypeConfiguration<MailOutboxMessage>
{
    public void Configure(EntityTypeBuilder<MailOutboxMessage> builder)
    {
        builder.ToTable("mail_outbox");
        builder.HasIndex(m => m.DedupKey).IsUnique();
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        builder.HasIndex(m => new { m.Recipient, m.CreatedAt });
        builder.HasIndex(m => m.CreatedAt);
        builder.HasIndex(m => m.PracticeId);
        builder.Property(m => m.DedupKey).HasMaxLength(500);
        builder.Property(m => m.Recipient).HasMaxLength(320);
        builder.Property(m => m.MessageId).HasMaxLength(400);
        builder.Property(m => m.State).HasMaxLength(20);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.HasOne<Practice>().WithMany().HasForeignKey(m => m.PracticeId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ImapCursorConfiguration : IEntityTypeConfiguration<ImapCursor>
{
    public void Configure(EntityTypeBuilder<ImapCursor> builder)
    {
        builder.ToTable("imap_cursors");
        builder.HasKey(c => c.Mailbox);
        builder.Property(c => c.Mailbox).HasMaxLength(400);
    }
}

internal sealed class WorkerLeaseConfiguration : IEntityTypeConfiguration<WorkerLease>
{
    public void Configure(EntityTypeBuilder<WorkerLease> builder)
    {
        builder.ToTable("worker_leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(400);
        builder.Property(l => l.Holder).HasMaxLength(200);
    }
}

internal sealed class AppSecretConfiguration : IEntityTypeConfiguration<AppSecret>
{
    public void Configure(EntityTypeBuilder<AppSecret> builder)
    {
        builder.ToTable("app_secrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
    }
}
