// The recogniser and its pool are shared by several test classes (loading decoders is slow), and the pool-size
// assertions need it idle; with 2 shared CPU cores parallel classes would only compete anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
