namespace AdaptiveCards
{
    /// <summary>Empty stand-in for the real AdaptiveCards.AdaptiveCard (Regin.Bot renders no Adaptive Cards).</summary>
    public class AdaptiveCard
    {
    }
}
