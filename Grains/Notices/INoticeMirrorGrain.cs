namespace Occupancy.Grains.Notices;

/// <summary>
/// The file mirror (<c>Notifications:File</c>): one grain for the cluster (key 0) appends each delivered or listed
/// delivery as a JSON line, once per delivery id, so however many silos there are only one writes the file.
/// </summary>
public interface INoticeMirrorGrain : IGrainWithIntegerKey
{
    /// <summary>Appends the lines whose delivery ids the file does not hold yet; written and flushed on return.</summary>
    Task Append(IReadOnlyList<NoticeMessage> lines);
}
