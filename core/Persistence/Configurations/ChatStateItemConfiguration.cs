using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Persistence.Configurations;

internal sealed class ChatStateItemConfiguration : IEntityTypeConfiguration<ChatStateItem>
{
    public void Configure(EntityTypeBuilder<ChatStateItem> builder)
    {
        builder.ToTable("chat_state");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(500);
        builder.Property(s => s.ETag).HasMaxLength(64).IsConcurrencyToken();
    }
}
