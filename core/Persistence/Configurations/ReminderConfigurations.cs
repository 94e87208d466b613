using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Regin.Core.Persistence.Entities;
using Regin.Core.Reminders;

namespace Regin.Core.Persistence.Configurations;

internal sealed class DraftReminderConfiguration : IEntityTypeConfiguration<DraftReminder>
{
    public void Configure(EntityTypeBuilder<DraftReminder> builder)
    {
        builder.ToTable("draft_reminders");
        // One row per draft: its primary key is what lets only one scheduler insert the first reminder's claim.
        builder.HasKey(r => r.PracticeId);
        builder.HasOne<Practice>().WithMany().HasForeignKey(r => r.PracticeId).OnDelete(DeleteBehavior.Cascade);
    }
}
