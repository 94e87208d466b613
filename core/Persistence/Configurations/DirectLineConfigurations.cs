using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Persistence.Configurations;

internal sealed class DirectLineConversationConfiguration : IEntityTypeConfiguration<DirectLineConversation>
{
    public void Configure(EntityTypeBuilder<DirectLineConversation> builder)
    {
        builder.ToTable("directline_conversations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.UserId).HasMaxLength(200);
        builder.Property(c => c.Locale).HasMaxLength(20);
        builder.HasMany<DirectLineActivity>().WithOne().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DirectLineActivityConfiguration : IEntityTypeConfiguration<DirectLineActivity>
{
    public void Configure(EntityTypeBuilder<DirectLineActivity> builder)
    {
        builder.ToTable("directline_activities");
        // The key makes two writers that pick the same position at once fail instead of interleaving silently.
        builder.HasKey(a => new { a.ConversationId, a.Watermark });
        builder.Property(a => a.ConversationId).HasMaxLength(64);
        builder.Property(a => a.ActivityId).HasMaxLength(100);
    }
}
